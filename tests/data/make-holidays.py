#!/usr/bin/env python3
"""Writes the public-holiday tables of France and Portugal, 2020-2030, from their rules.

    ./make-holidays.py fr > jours-feries-fr.csv
    ./make-holidays.py pt > feriados-pt.csv

Fixed dates come from the laws listed in README.md; the movable ones are a number of days
after Easter Sunday (Gregorian computus, the anonymous algorithm published by Nature in 1876).
"""
import csv
import datetime
import sys

YEARS = range(2020, 2031)

FR = [  # (month, day) or Easter offset, name
    ((1, 1), "Jour de l'an"),
    (1, "Lundi de Pâques"),
    ((5, 1), "Fête du Travail"),
    ((5, 8), "Victoire 1945"),
    (39, "Ascension"),
    (50, "Lundi de Pentecôte"),
    ((7, 14), "Fête nationale"),
    ((8, 15), "Assomption"),
    ((11, 1), "Toussaint"),
    ((11, 11), "Armistice 1918"),
    ((12, 25), "Noël"),
]
PT = [
    ((1, 1), "Ano Novo"),
    (-2, "Sexta-feira Santa"),
    (0, "Domingo de Páscoa"),
    ((4, 25), "Dia da Liberdade"),
    ((5, 1), "Dia do Trabalhador"),
    (60, "Corpo de Deus"),
    ((6, 10), "Dia de Portugal, de Camões e das Comunidades Portuguesas"),
    ((8, 15), "Assunção de Nossa Senhora"),
    ((10, 5), "Implantação da República"),
    ((11, 1), "Dia de Todos os Santos"),
    ((12, 1), "Restauração da Independência"),
    ((12, 8), "Imaculada Conceição"),
    ((12, 25), "Natal"),
]
WEEKDAYS = {
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
    "pt": ["segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado", "domingo"],
}
HEADER = {
    "fr": ["date", "annee", "jour", "nom", "regle"],
    "pt": ["data", "ano", "dia_da_semana", "nome", "regra"],
}
RULE = {
    "fr": ("date fixe", "Pâques + {} jours"),
    "pt": ("data fixa", "Páscoa {:+d} dias"),
}


def easter(year):
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return datetime.date(year, month, day)


def main(country):
    table = FR if country == "fr" else PT
    fixed, movable = RULE[country]
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(HEADER[country])
    for year in YEARS:
        rows = []
        for when, name in table:
            if isinstance(when, tuple):
                day, rule = datetime.date(year, *when), fixed
            else:
                day, rule = easter(year) + datetime.timedelta(days=when), movable.format(when)
                if when == 0:
                    rule = rule.replace(" +0 dias", "")
                rule = rule.replace("+ 1 jours", "+ 1 jour")
            rows.append((day, name, rule))
        for day, name, rule in sorted(rows):
            out.writerow([day.isoformat(), year, WEEKDAYS[country][day.weekday()], name, rule])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "fr")

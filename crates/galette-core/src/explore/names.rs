//! Month and weekday names for `date_format` (`MMMM`, `EEEE`) in the languages the `lang`
//! parameter accepts (explore-api §3), as each language writes them in running text.

/// The languages `lang` accepts.
pub const LANGUAGES: [&str; 11] = [
    "en", "fr", "nl", "pt", "it", "ar", "de", "es", "ca", "eu", "sv",
];

/// January to December in `lang` (English for an unknown code).
pub fn month_names(lang: &str) -> [&'static str; 12] {
    match lang {
        "fr" => [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ],
        "nl" => [
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ],
        "pt" => [
            "janeiro",
            "fevereiro",
            "março",
            "abril",
            "maio",
            "junho",
            "julho",
            "agosto",
            "setembro",
            "outubro",
            "novembro",
            "dezembro",
        ],
        "it" => [
            "gennaio",
            "febbraio",
            "marzo",
            "aprile",
            "maggio",
            "giugno",
            "luglio",
            "agosto",
            "settembre",
            "ottobre",
            "novembre",
            "dicembre",
        ],
        "ar" => [
            "يناير",
            "فبراير",
            "مارس",
            "أبريل",
            "مايو",
            "يونيو",
            "يوليو",
            "أغسطس",
            "سبتمبر",
            "أكتوبر",
            "نوفمبر",
            "ديسمبر",
        ],
        "de" => [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ],
        "es" => [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ],
        "ca" => [
            "gener", "febrer", "març", "abril", "maig", "juny", "juliol", "agost", "setembre",
            "octubre", "novembre", "desembre",
        ],
        "eu" => [
            "urtarrila",
            "otsaila",
            "martxoa",
            "apirila",
            "maiatza",
            "ekaina",
            "uztaila",
            "abuztua",
            "iraila",
            "urria",
            "azaroa",
            "abendua",
        ],
        "sv" => [
            "januari",
            "februari",
            "mars",
            "april",
            "maj",
            "juni",
            "juli",
            "augusti",
            "september",
            "oktober",
            "november",
            "december",
        ],
        _ => [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
    }
}

/// Sunday to Saturday in `lang` (the order SQL's day-of-week numbers 0–6 follow).
pub fn weekday_names(lang: &str) -> [&'static str; 7] {
    match lang {
        "fr" => [
            "dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
        ],
        "nl" => [
            "zondag",
            "maandag",
            "dinsdag",
            "woensdag",
            "donderdag",
            "vrijdag",
            "zaterdag",
        ],
        "pt" => [
            "domingo",
            "segunda-feira",
            "terça-feira",
            "quarta-feira",
            "quinta-feira",
            "sexta-feira",
            "sábado",
        ],
        "it" => [
            "domenica",
            "lunedì",
            "martedì",
            "mercoledì",
            "giovedì",
            "venerdì",
            "sabato",
        ],
        "ar" => [
            "الأحد",
            "الاثنين",
            "الثلاثاء",
            "الأربعاء",
            "الخميس",
            "الجمعة",
            "السبت",
        ],
        "de" => [
            "Sonntag",
            "Montag",
            "Dienstag",
            "Mittwoch",
            "Donnerstag",
            "Freitag",
            "Samstag",
        ],
        "es" => [
            "domingo",
            "lunes",
            "martes",
            "miércoles",
            "jueves",
            "viernes",
            "sábado",
        ],
        "ca" => [
            "diumenge",
            "dilluns",
            "dimarts",
            "dimecres",
            "dijous",
            "divendres",
            "dissabte",
        ],
        "eu" => [
            "igandea",
            "astelehena",
            "asteartea",
            "asteazkena",
            "osteguna",
            "ostirala",
            "larunbata",
        ],
        "sv" => [
            "söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag",
        ],
        _ => [
            "Sunday",
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_names_every_month_and_day_once() {
        for lang in LANGUAGES {
            let months = month_names(lang);
            let days = weekday_names(lang);
            for list in [&months[..], &days[..]] {
                let mut unique = list.to_vec();
                unique.sort_unstable();
                unique.dedup();
                assert_eq!(unique.len(), list.len(), "{lang}");
                assert!(list.iter().all(|n| !n.trim().is_empty()), "{lang}");
            }
        }
        assert_eq!(month_names("fr")[7], "août");
        assert_eq!(weekday_names("de")[1], "Montag");
        assert_eq!(month_names("xx"), month_names("en"));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{sql, wheres};
    use insta::assert_snapshot;

    #[test]
    fn date_literals() {
        assert_snapshot!(wheres(&[
            "t > date'2024'",
            "t > date'2024-01-01'",
            "t >= date'2024-03-31T02:30:00'",
            "t < date'2024-01-01T00:00:00+02:00'",
            "d = date'2024-01-01'",
            "d > date'2024-01-01T23:00:00'",
            "d = '2024-01-01'",
        ]));
    }

    #[test]
    fn date_literals_in_a_zone() {
        for w in [
            "t > date'2024-01-01'",
            "t >= date'2024-07-01T02:30:00'",
            "t < date'2024-01-01T00:00:00Z'",
            "d > date'2024-01-01T23:30:00Z'",
        ] {
            assert_snapshot!(sql(&[
                ("select", "n"),
                ("where", w),
                ("timezone", "Europe/Paris")
            ]));
        }
    }

    #[test]
    fn date_parts() {
        for timezone in ["UTC", "America/New_York"] {
            assert_snapshot!(sql(&[
                (
                    "select",
                    "year(t) as y, month(d) as mo, day(t) as da, hour(t) as h, minute(d) as mi, second(t) as s"
                ),
                ("timezone", timezone),
            ]));
        }
    }

    #[test]
    fn date_format() {
        for (timezone, lang) in [("UTC", "en"), ("Europe/Paris", "fr")] {
            assert_snapshot!(sql(&[
                (
                    "select",
                    "date_format(t, 'yyyy-MM-dd HH:mm:ss') as a, date_format(d, 'EEEE d MMMM yyyy') as b"
                ),
                ("timezone", timezone),
                ("lang", lang),
            ]));
        }
        assert_snapshot!(
            "date_format_literal_text",
            sql(&[("select", "date_format(d, '% \"q\" \\\\ - dd') as a")])
        );
    }

    #[test]
    fn date_bucketing_in_group_by() {
        assert_snapshot!(sql(&[
            ("select", "count(*) as c"),
            ("group_by", "year(t) as y, month(t) as m"),
            ("timezone", "Europe/Paris"),
        ]));
        assert_snapshot!(
            "date_format_group",
            sql(&[
                ("select", "count(*) as c"),
                ("group_by", "date_format(d, 'yyyy-MM') as month"),
                ("order_by", "month desc"),
            ])
        );
    }

    #[test]
    fn refused_dates() {
        assert_snapshot!(
            sql(&[("select", "date_format(n, 'yyyy') as a")])
                + &sql(&[("select", "date_format(t, 'yyyy-QQ') as a")])
                + &sql(&[("select", "date_format(t, name) as a")])
                + &sql(&[("select", "date_format(t) as a")])
                + &sql(&[("select", "date_format(t, '') as a")])
                + &sql(&[("select", "year(name) as a")])
                + &sql(&[("select", "hour(n) as a")])
                + &wheres(&["t > 'x'", "d > 3"])
        );
    }
}

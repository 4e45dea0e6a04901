#[cfg(test)]
mod tests {
    use super::super::testing::{sql, wheres};
    use insta::assert_snapshot;

    #[test]
    fn full_text_search() {
        assert_snapshot!(wheres(&[
            "'united air'",
            "search('United, air!')",
            "search(name, 'ua')",
            "search(name, name, 'ua')",
            "suggest(name, 'un')",
            "search('100%_done\\\\')",
            "search('...')",
        ]));
    }

    #[test]
    fn starts_with() {
        assert_snapshot!(wheres(&["startswith(name, 'Un')"]));
    }

    #[test]
    fn like() {
        assert_snapshot!(wheres(&[
            "name like 'air'",
            "name like 'united air'",
            "name not like 'air'",
        ]));
    }

    #[test]
    fn in_lists_and_ranges() {
        assert_snapshot!(wheres(&[
            "n in (1, 2, 3)",
            "n not in (1, 2)",
            "name in ('a', 'b')",
            "x in (1, 2.5)",
            "n in [1..5]",
            "n in ]1..5[",
            "x in [0..n]",
            "d in [date'2024-01-01'..date'2024-12-31']",
            "t in [date'2024-01-01'..date'2024-12-31'[",
        ]));
    }

    #[test]
    fn refine_and_exclude() {
        for facet in [
            "name:UA",
            "n:3",
            "x:2.5",
            "ok:1",
            "d:2024/03",
            "t:2024-03-31T10",
        ] {
            assert_snapshot!(
                format!("refine_{}", facet.split(':').next().unwrap_or_default()),
                sql(&[("select", "n"), ("refine", facet), ("exclude", facet)])
            );
        }
        assert_snapshot!(
            "refine_datetime_in_a_zone",
            sql(&[
                ("select", "n"),
                ("refine", "t:2024-03-31"),
                ("timezone", "Europe/Paris")
            ])
        );
    }

    #[test]
    fn refused_searches() {
        assert_snapshot!(wheres(&[
            "search(n, 'x')",
            "search(unknown, 'x')",
            "startswith(n, 'x')",
            "n like 'x'",
            "n in ('a')",
            "n in [1..'b']",
        ]));
        for facet in ["p:1", "n:abc", "d:2024-13", "t:2024-02-30", "unknown:x"] {
            assert_snapshot!(
                format!(
                    "refused_refine_{}",
                    facet.split(':').next().unwrap_or_default()
                ),
                sql(&[("select", "n"), ("refine", facet)])
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{selects, sql, wheres};
    use insta::assert_snapshot;

    #[test]
    fn comparison_operators() {
        assert_snapshot!(wheres(&[
            "n = 3",
            "n != 3",
            "n < 3",
            "n <= 3",
            "n > 3",
            "n >= 3",
            "name : 'UA'",
            "x > n",
            "ok = true",
        ]));
    }

    #[test]
    fn boolean_logic_and_precedence() {
        assert_snapshot!(wheres(&[
            "n = 1 or n = 2 and x > 0",
            "(n = 1 or n = 2) and x > 0",
            "n = 1 or n = 2 or n = 3 or n = 4",
            "not n = 1",
            "not (n = 1 and ok)",
            "ok",
            "ok and n > 1",
        ]));
    }

    #[test]
    fn null_handling() {
        assert_snapshot!(wheres(&[
            "n is null",
            "n is not null",
            "p is null",
            "p is not null",
            "n = null",
            "null != name",
            "ok is true",
            "ok is false",
        ]));
    }

    #[test]
    fn arithmetic() {
        assert_snapshot!(selects(&[
            "n + 1 as a",
            "n - x as a",
            "n * 2 as a",
            "n / 2 as a",
            "x / 0.5 as a",
            "-n as a",
            "-(x + 1) as a",
        ]));
    }

    #[test]
    fn literals_and_predicates_as_values() {
        assert_snapshot!(selects(&[
            "'text' as a",
            "7 as a",
            "2.5 as a",
            "true as a",
            "null as a",
            "date'2024-01-01' as a",
            "n > 3 as a",
        ]));
    }

    #[test]
    fn refused_expressions() {
        assert_snapshot!(wheres(&[
            "unknown = 1",
            "name = 1",
            "n = 'one'",
            "n",
            "name + 1 > 0",
            "-name = 'a'",
            "not n",
            "p = 1",
            "name is true",
            "n = geom'POINT(1 1)'",
        ]));
        assert_snapshot!(
            "select_star_in_an_expression",
            sql(&[("select", "n"), ("where", "count(*) > 1 or n > 1")])
        );
    }
}

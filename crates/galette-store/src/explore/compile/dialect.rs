#[cfg(test)]
mod tests {
    use super::super::testing::sql;
    use insta::assert_snapshot;

    #[test]
    fn limits_and_offsets() {
        assert_snapshot!(
            sql(&[("select", "n"), ("limit", "10"), ("offset", "20")])
                + &sql(&[("select", "n"), ("offset", "20")])
                + &sql(&[("select", "n"), ("limit", "0")])
        );
    }

    #[test]
    fn numbers_read_as_doubles() {
        assert_snapshot!(
            sql(&[("select", "n / 3 as a, avg(n) as b")])
                + &sql(&[("select", "sum(n) as a, sum(x) as b")])
        );
    }
}

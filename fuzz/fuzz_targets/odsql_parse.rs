//! Feeds arbitrary UTF-8 to every ODSQL entry point: none may panic or overflow the stack,
//! each must answer the same twice, and an error must point inside the text.

#![no_main]

use galette_core::explore::odsql::{
    parse_group_by, parse_order_by, parse_refine, parse_select, parse_where, OdsqlError,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let length = text.chars().count();
    let check = |error: Option<&OdsqlError>| {
        if let Some(error) = error {
            assert!(
                error.position <= length,
                "{error} is beyond {length} characters"
            );
            assert!(!error.message.is_empty());
        }
    };

    let where_ = parse_where(text);
    assert_eq!(where_, parse_where(text));
    check(where_.as_ref().err());

    let select = parse_select(text);
    assert_eq!(select, parse_select(text));
    check(select.as_ref().err());

    let group_by = parse_group_by(text);
    assert_eq!(group_by, parse_group_by(text));
    check(group_by.as_ref().err());

    let order_by = parse_order_by(text);
    assert_eq!(order_by, parse_order_by(text));
    check(order_by.as_ref().err());

    let refine = parse_refine(text);
    assert_eq!(refine, parse_refine(text));
    check(refine.as_ref().err());
});

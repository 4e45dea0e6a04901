//! Datasets: their ids, their typed fields and values, and the two-pass CSV import.
//!
//! Pass 1 (`infer_schema`) streams the whole file once to name and type every column;
//! pass 2 (`read_rows`) streams it again and yields typed rows for that schema. The rules
//! are those of `docs/explore-api.md` §5. Files come in as any `std::io::Read`: core
//! opens nothing itself.

mod calendar;
mod cell;
mod dialect;
mod error;
mod field;
mod id;
mod infer;
mod reader;
mod sniff;

pub use calendar::{civil_from_days, format_datetime, parse_date, parse_datetime};
pub use error::{ImportError, MAX_CELL_BYTES, MAX_COLUMN_NAME_CHARS, MAX_COLUMNS};
pub use field::{Field, FieldType, Value, normalise_field_name, unique_field_names};
pub use id::{DatasetError, DatasetId};
pub use infer::{Inference, ReadOptions, Schema, infer_schema};
pub use reader::{RowReader, read_rows};
pub use sniff::{Encoding, decode_to_utf8, sniff_delimiter};

//! Explore API queries: ODSQL (parsed by `galette_core::explore::odsql`) compiled into
//! parameterised SQL over a dataset's table, and run.

mod columnar;
mod compile;
mod csv;
mod float_text;
mod query;
mod reader;
mod run;
mod shortest;
mod validate;
mod zones;

pub use columnar::columnar_plan;
pub use compile::compile;
pub use csv::{CsvStyle, csv_lines_sql};
pub use float_text::write_double;
pub use query::{
    Compiled, OutputColumn, Param, QueryError, RECORD_ID_COLUMN, RecordsQuery, SqlType,
};
pub(crate) use reader::ExploreState;
pub use reader::QueryTimeouts;
pub use run::{ExplorePage, ExploreRow, to_json};

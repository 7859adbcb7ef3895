//! What the reports are made of: the filter that selects leaves, the
//! digest and the tallies, the JSON of a leaf, partial reports, and the
//! renderers with their sanitisers and line breaking.

pub mod digest;
pub mod filter;
pub mod leaf_json;
pub mod line_break;
pub mod partial;
pub mod render;
pub mod tally;

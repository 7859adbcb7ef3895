//! The CSV and the JSON of an export, written row by row into the output as
//! the rows are made: no row, and no whole document, is built first.

use super::{COLUMNS, Cell, Export, Row};
use crate::model::due::{Due, IsoDate, iso_date};
use crate::report::render;
use anyhow::Result;
use serde::{Serialize, Serializer};
use std::io::Write;

/// The CSV: a header in the checklist's
/// language, then one record per row.
pub(super) fn csv(export: &Export, out: &mut dyn Write) -> Result<()> {
    // Excel on Windows reads a CSV without a byte-order mark as the local
    // code page (GBK), which garbles Chinese.
    if export.bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    out.write_all(render::csv_record(&COLUMNS.map(|c| c.header(export.lang).to_string())).as_bytes())?;
    // The columns that are the same on every row of a leaf (group, ID, the
    // long measure text) are escaped once per leaf.
    let per_leaf = COLUMNS.iter().take_while(|c| c.per_leaf()).count();
    let (mut line, mut start, mut leaf) = (Vec::new(), Vec::new(), None);
    for row in export.rows() {
        if leaf.is_none_or(|leaf| !std::ptr::eq(leaf, row.leaf)) {
            leaf = Some(row.leaf);
            start.clear();
            for column in &COLUMNS[..per_leaf] {
                push_field(&mut start, &column.cell(&row, export.lang));
                start.push(b',');
            }
        }
        line.clear();
        line.extend_from_slice(&start);
        for (index, column) in COLUMNS[per_leaf..].iter().enumerate() {
            if index > 0 {
                line.push(b',');
            }
            push_field(&mut line, &column.cell(&row, export.lang));
        }
        line.push(b'\n');
        out.write_all(&line)?;
    }
    Ok(())
}

/// Appends a cell as a CSV field; text is made safe to print, since CSV may
/// go to a terminal.
fn push_field(line: &mut Vec<u8>, cell: &Cell) {
    match cell {
        Cell::Text(text) => render::push_csv_field(line, text),
        Cell::Date(date) => match iso_date(*date, &mut [0; 10]) {
            Some(text) => line.extend_from_slice(text.as_bytes()),
            None => line.extend_from_slice(date.format("%Y-%m-%d").to_string().as_bytes()),
        },
        Cell::Number(n) => {
            // Writing into a vector cannot fail.
            let _ = write!(line, "{n}");
        }
        Cell::Empty => {}
    }
}

/// The JSON: an array of row objects with stable
/// English keys (see README); for a partial export, an object that says
/// what was left out.
pub(super) fn json(export: &Export, out: &mut dyn Write) -> Result<()> {
    let rows = JsonRows { export };
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    if export.left_out.is_empty() {
        render::write_json(&mut out, &rows)?;
    } else {
        render::write_json(&mut out, &Partial { incomplete: true, left_out: export.left_out, rows })?;
    }
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}

/// A partial export's JSON.
#[derive(Serialize)]
struct Partial<'a> {
    incomplete: bool,
    left_out: &'a [crate::report::partial::LeftOut],
    rows: JsonRows<'a>,
}

/// The rows of the JSON, serialized one by one as they
/// are made.
struct JsonRows<'a> {
    export: &'a Export<'a>,
}

impl Serialize for JsonRows<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.export.rows().map(|row| JsonRow::of(&row)))
    }
}

/// One row as JSON; absent values are `null`, evidence is always an array.
#[derive(Serialize)]
struct JsonRow<'a> {
    id: &'a str,
    group: &'a str,
    text: &'a str,
    unit: Option<&'a str>,
    role: Option<&'static str>,
    via: Option<&'a str>,
    recorded_for: Option<&'a str>,
    due: Option<Due>,
    due_text: Option<&'a str>,
    due_date: Option<IsoDate>,
    extended_to: Option<Due>,
    status: &'static str,
    date: Option<IsoDate>,
    note: Option<&'a str>,
    evidence: &'a [String],
    overdue_days: Option<i64>,
    /// The leaders named for the leaf (people).
    persons: &'a [String],
}

impl<'a> JsonRow<'a> {
    /// The JSON of `row`.
    fn of(row: &Row<'a>) -> JsonRow<'a> {
        let entry = row.entry;
        JsonRow {
            id: &row.leaf.id,
            group: row.group,
            text: &row.leaf.text,
            unit: row.owed.map(|o| &*o.unit),
            role: row.owed.map(|o| o.role.key()),
            via: row.owed.and_then(|o| o.via.as_deref()),
            recorded_for: row.owed.and_then(|o| o.recorded_for.as_deref()),
            due: row.leaf.due,
            due_text: row.leaf.due_text.as_deref(),
            due_date: row.due_date().map(IsoDate),
            extended_to: row.extended_to(),
            status: row.status.key(),
            date: entry.and_then(|e| e.date).map(IsoDate),
            note: entry.and_then(|e| e.note.as_deref()),
            evidence: row.evidence(),
            overdue_days: row.days_late,
            persons: &row.leaf.persons,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn dates_read_as_chrono_writes_them() {
        for (y, m, d) in [(2021, 7, 1), (1, 1, 1), (0, 12, 31), (9999, 12, 31), (10000, 1, 1), (-1, 3, 4)] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let mut line = Vec::new();
            push_field(&mut line, &Cell::Date(date));
            assert_eq!(String::from_utf8(line).unwrap(), date.format("%Y-%m-%d").to_string());
        }
    }
}

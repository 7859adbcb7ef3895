//! What a document given to `import` holds: plain text as it is, a Word
//! file (`.docx`) as its paragraphs, one to a line, and its tables; a
//! spreadsheet (`.xlsx`, `.xls`, `.ods`) or a CSV file as its sheets.
//! Formats that must be converted first (`.doc`, `.wps`, `.pdf`) are
//! refused with the command that converts them. What kind a file is, its
//! first bytes say, whatever its name (a CSV file is text, known by its
//! name or its header).

use super::Source;
use super::table::sheet::{self, Book};
use super::table::word::Tables;
use crate::tr;
use anyhow::{Result, anyhow};
use quick_xml::events::{BytesStart, Event};
use std::io::Read;

/// The part of a Word file that holds the body text.
const BODY: &str = "word/document.xml";

/// The part of an `.xlsx` file that lists its sheets.
const WORKBOOK: &str = "xl/workbook.xml";

/// What the `mimetype` part of an `.ods` file says.
const ODS_MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

/// What `bytes`, read from the file `name` (for messages), hold. `limit`
/// bounds what a compressed file may unpack to.
pub fn read(name: &str, bytes: Vec<u8>, limit: u64) -> Result<Source> {
    match Kind::of(&bytes) {
        Kind::Zip => zip(name, &bytes, limit),
        Kind::Ole => sheet::read(Book::Xls, &bytes).map(Source::Sheets).map_err(|_| old_word(name)),
        Kind::Pdf => Err(pdf(name)),
        Kind::Text => {
            let text = utf8(name, bytes)?;
            let csv_name = name.rsplit_once('.').is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("csv"));
            if csv_name || sheet::looks_like_csv(&text) {
                let stem = std::path::Path::new(name).file_stem().map(|s| s.to_string_lossy().into_owned());
                return Ok(Source::Sheets(vec![sheet::csv(&stem.unwrap_or_default(), &text)]));
            }
            Ok(Source::Text(text))
        }
    }
}

/// The text of `bytes`, read from the file `name` (for messages): a Word
/// file's paragraphs, one to a line. `limit` bounds what a compressed Word
/// file may unpack to.
pub fn text(name: &str, bytes: Vec<u8>, limit: u64) -> Result<String> {
    match Kind::of(&bytes) {
        Kind::Zip => Ok(docx(name, &bytes, limit)?.0),
        Kind::Ole => Err(old_word(name)),
        Kind::Pdf => Err(pdf(name)),
        Kind::Text => utf8(name, bytes),
    }
}

fn old_word(name: &str) -> anyhow::Error {
    anyhow!(tr!(
        "{name} 是旧式 Word/WPS 文件(.doc/.wps),无法直接读取\n\
         hint: 请先转换为 .docx: soffice --headless --convert-to docx {name}",
        "{name} is an old Word or WPS file (.doc, .wps), which cannot be read\n\
         hint: convert it to .docx first: soffice --headless --convert-to docx {name}"
    ))
}

fn pdf(name: &str) -> anyhow::Error {
    anyhow!(tr!(
        "{name} 是 PDF 文件,无法直接读取\nhint: 请先转换为文本: pdftotext -layout {name} notice.txt",
        "{name} is a PDF file, which cannot be read\nhint: convert it to text first: pdftotext -layout {name} notice.txt"
    ))
}

fn utf8(name: &str, bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(|_| {
        anyhow!(tr!(
            "{name} 不是 UTF-8 文本\nhint: 如果是 GBK 编码,请先转换: iconv -f GBK -t UTF-8 {name} > notice.txt",
            "{name} is not UTF-8 text\nhint: if it is GBK, convert it first: iconv -f GBK -t UTF-8 {name} > notice.txt"
        ))
    })
}

/// A zip file: a Word file, or a spreadsheet (`.xlsx`, `.ods`).
fn zip(name: &str, bytes: &[u8], limit: u64) -> Result<Source> {
    let book = {
        let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
            return docx(name, bytes, limit).map(|(text, tables)| Source::Word { text, tables });
        };
        if archive.index_for_name(BODY).is_some() {
            None
        } else if archive.index_for_name(WORKBOOK).is_some() {
            Some(Book::Xlsx)
        } else {
            let mut mimetype = Vec::new();
            let read = archive.by_name("mimetype").map(|part| part.take(100).read_to_end(&mut mimetype));
            (read.is_ok() && mimetype == ODS_MIMETYPE).then_some(Book::Ods)
        }
    };
    match book {
        Some(book) => spreadsheet(name, bytes, book, limit).map(Source::Sheets),
        None => docx(name, bytes, limit).map(|(text, tables)| Source::Word { text, tables }),
    }
}

/// The sheets of a zipped spreadsheet, once it is known to unpack to no
/// more than a text file may be.
fn spreadsheet(name: &str, bytes: &[u8], book: Book, limit: u64) -> Result<Vec<super::table::Grid>> {
    let unreadable = |why: String| {
        anyhow!(tr!(
            "无法读取电子表格 {name}: {why}\nhint: 请用 Excel 或 WPS 另存为 .xlsx,或另存为 CSV(UTF-8)",
            "cannot read the spreadsheet {name}: {why}\nhint: save it again as .xlsx from Excel or WPS, or as CSV (UTF-8)"
        ))
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    let mut left = limit;
    for i in 0..archive.len() {
        let part = archive.by_index(i).map_err(|e| unreadable(e.to_string()))?;
        let unpacked =
            std::io::copy(&mut part.take(left + 1), &mut std::io::sink()).map_err(|e| unreadable(e.to_string()))?;
        left = left
            .checked_sub(unpacked)
            .ok_or_else(|| unreadable(tr!("解压后超过 {} MB", "it unpacks to more than {} MB", limit >> 20)))?;
    }
    sheet::read(book, bytes).map_err(unreadable)
}

/// What a file is, by its first bytes.
enum Kind {
    /// A zip archive: `.docx`, `.xlsx`, `.ods`.
    Zip,
    /// An OLE compound file: `.doc`, `.wps`, `.xls`.
    Ole,
    Pdf,
    Text,
}

impl Kind {
    fn of(bytes: &[u8]) -> Kind {
        if bytes.starts_with(b"PK\x03\x04") {
            Kind::Zip
        } else if bytes.starts_with(&[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) {
            Kind::Ole
        } else if bytes.starts_with(b"%PDF") {
            Kind::Pdf
        } else {
            Kind::Text
        }
    }
}

/// A Word file's paragraphs, one to a line (a line break inside a paragraph
/// starts a new line; a table cell's paragraphs are paragraphs too), and
/// its tables.
fn docx(name: &str, bytes: &[u8], limit: u64) -> Result<(String, Vec<super::table::Grid>)> {
    let unreadable = |why: String| {
        anyhow!(tr!(
            "无法读取 Word 文件 {name}: {why}\nhint: 请用 Word 或 WPS 另存为 .docx,或另存为纯文本(UTF-8)",
            "cannot read the Word file {name}: {why}\nhint: save it again as .docx from Word or WPS, or as plain text (UTF-8)"
        ))
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    let mut part =
        archive.by_name(BODY).map_err(|_| unreadable(tr!("没有正文 ({BODY})", "it has no body ({BODY})")))?;
    let mut xml = String::new();
    // A small file may unpack to a great deal: no more than a text file may be.
    (&mut part).take(limit + 1).read_to_string(&mut xml).map_err(|e| unreadable(e.to_string()))?;
    if xml.len() as u64 > limit {
        return Err(unreadable(tr!("正文超过 {} MB", "its body is larger than {} MB", limit >> 20)));
    }
    body(&xml).map_err(unreadable)
}

/// The paragraphs (`w:p`) of a Word body, their text runs (`w:t`) joined;
/// tabs (`w:tab`) as tabs, line breaks (`w:br`, `w:cr`) as new lines; and
/// its tables (`w:tbl`), whose cells' paragraphs are in the text too.
fn body(xml: &str) -> Result<(String, Vec<super::table::Grid>), String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut out, mut in_text) = (String::new(), false);
    // Where the text of each open paragraph starts in `out` (a text box
    // holds paragraphs inside a paragraph).
    let mut starts: Vec<usize> = Vec::new();
    let mut tables = Tables::default();
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => match e.local_name().as_ref() {
                "t" => in_text = true,
                "p" => starts.push(out.len()),
                "tbl" => tables.open_table(out.matches('\n').count()),
                "tr" => tables.open_row(),
                "tc" => tables.open_cell(),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" => {
                    let start = starts.pop().unwrap_or(out.len());
                    tables.paragraph(&out[start..]);
                    out.push('\n');
                }
                "tbl" => tables.close_table(out.matches('\n').count()),
                "tr" => tables.close_row(),
                "tc" => tables.close_cell(),
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "tab" => out.push('\t'),
                "br" | "cr" => out.push('\n'),
                "p" => {
                    tables.paragraph("");
                    out.push('\n');
                }
                name @ ("gridSpan" | "vMerge" | "gridBefore") => tables.property(name, value(&e).as_deref()),
                _ => {}
            },
            Event::Text(t) if in_text => out.push_str(&t.xml10_content()),
            Event::CData(t) if in_text => out.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => match r.resolve_char_ref().map_err(|e| e.to_string())? {
                Some(c) => out.push(c),
                None => out.push_str(
                    quick_xml::escape::resolve_predefined_entity(&r)
                        .ok_or_else(|| format!("unknown entity &{};", &*r))?,
                ),
            },
            Event::Eof => return Ok((out, tables.grids)),
            _ => {}
        }
    }
}

/// An element's `w:val`.
fn value(e: &BytesStart) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == "val").map(|a| a.value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_runs_tabs_breaks_and_entities() {
        let xml = r#"<w:document xmlns:w="x"><w:body>
            <w:p><w:r><w:t>一、基本要求:</w:t></w:r><w:r><w:t xml:space="preserve"> 甲&amp;乙</w:t></w:r></w:p>
            <w:p/>
            <w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c&#x4E00;</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
        </w:body></w:document>"#;
        let (text, tables) = body(xml).unwrap();
        assert_eq!(text, "一、基本要求: 甲&乙\n\na\tb\nc一\n格\n");
        assert_eq!(tables[0].rows, [["格"]]);
        assert_eq!(tables[0].text_line, 4);
    }

    #[test]
    fn a_file_is_known_by_its_first_bytes() {
        assert!(matches!(Kind::of(b"PK\x03\x04rest"), Kind::Zip));
        assert!(matches!(Kind::of(b"%PDF-1.7"), Kind::Pdf));
        assert!(matches!(Kind::of(&[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), Kind::Ole));
        assert!(matches!(Kind::of("一、基本要求".as_bytes()), Kind::Text));
    }
}

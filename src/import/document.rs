//! The text of a document given to `import`: plain text as it is, a Word
//! file (`.docx`) as its paragraphs, one to a line. Formats that must be
//! converted first (`.doc`, `.wps`, `.pdf`) are refused with the command
//! that converts them. What kind a file is, its first bytes say, whatever
//! its name.

use super::Source;
use crate::tr;
use anyhow::{Result, anyhow, bail};
use quick_xml::events::Event;
use std::io::Read;

/// The part of a Word file that holds the body text.
const BODY: &str = "word/document.xml";

/// What `bytes`, read from the file `name` (for messages), hold. `limit`
/// bounds what a compressed file may unpack to.
pub fn read(name: &str, bytes: Vec<u8>, limit: u64) -> Result<Source> {
    Ok(Source::Text(text(name, bytes, limit)?))
}

/// The text of `bytes`, read from the file `name` (for messages). `limit`
/// bounds what a compressed Word file may unpack to.
pub fn text(name: &str, bytes: Vec<u8>, limit: u64) -> Result<String> {
    match Kind::of(&bytes) {
        Kind::Zip => docx(name, &bytes, limit),
        Kind::Ole => bail!(tr!(
            "{name} 是旧式 Word/WPS 文件(.doc/.wps),无法直接读取\n\
             hint: 请先转换为 .docx: soffice --headless --convert-to docx {name}",
            "{name} is an old Word or WPS file (.doc, .wps), which cannot be read\n\
             hint: convert it to .docx first: soffice --headless --convert-to docx {name}"
        )),
        Kind::Pdf => bail!(tr!(
            "{name} 是 PDF 文件,无法直接读取\nhint: 请先转换为文本: pdftotext -layout {name} notice.txt",
            "{name} is a PDF file, which cannot be read\nhint: convert it to text first: pdftotext -layout {name} notice.txt"
        )),
        Kind::Text => String::from_utf8(bytes).map_err(|_| {
            anyhow!(tr!(
                "{name} 不是 UTF-8 文本\nhint: 如果是 GBK 编码,请先转换: iconv -f GBK -t UTF-8 {name} > notice.txt",
                "{name} is not UTF-8 text\nhint: if it is GBK, convert it first: iconv -f GBK -t UTF-8 {name} > notice.txt"
            ))
        }),
    }
}

/// What a file is, by its first bytes.
enum Kind {
    /// A zip archive: `.docx` (also `.xlsx`, which has no Word body).
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
/// starts a new line; a table cell's paragraphs are paragraphs too).
fn docx(name: &str, bytes: &[u8], limit: u64) -> Result<String> {
    let unreadable = |why: String| {
        anyhow!(tr!(
            "无法读取 Word 文件 {name}: {why}\nhint: 请用 Word 或 WPS 另存为 .docx,或另存为纯文本(UTF-8)",
            "cannot read the Word file {name}: {why}\nhint: save it again as .docx from Word or WPS, or as plain text (UTF-8)"
        ))
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    let mut body =
        archive.by_name(BODY).map_err(|_| unreadable(tr!("没有正文 ({BODY})", "it has no body ({BODY})")))?;
    let mut xml = String::new();
    // A small file may unpack to a great deal: no more than a text file may be.
    (&mut body).take(limit + 1).read_to_string(&mut xml).map_err(|e| unreadable(e.to_string()))?;
    if xml.len() as u64 > limit {
        return Err(unreadable(tr!("正文超过 {} MB", "its body is larger than {} MB", limit >> 20)));
    }
    paragraphs(&xml).map_err(unreadable)
}

/// The paragraphs (`w:p`) of a Word body, their text runs (`w:t`) joined;
/// tabs (`w:tab`) as tabs, line breaks (`w:br`, `w:cr`) as new lines.
fn paragraphs(xml: &str) -> Result<String, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut out, mut in_text) = (String::new(), false);
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) if e.local_name().as_ref() == "t" => in_text = true,
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" => out.push('\n'),
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "tab" => out.push('\t'),
                "br" | "cr" => out.push('\n'),
                "p" => out.push('\n'),
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
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
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
        assert_eq!(paragraphs(xml).unwrap(), "一、基本要求: 甲&乙\n\na\tb\nc一\n格\n");
    }

    #[test]
    fn a_file_is_known_by_its_first_bytes() {
        assert!(matches!(Kind::of(b"PK\x03\x04rest"), Kind::Zip));
        assert!(matches!(Kind::of(b"%PDF-1.7"), Kind::Pdf));
        assert!(matches!(Kind::of(&[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), Kind::Ole));
        assert!(matches!(Kind::of("一、基本要求".as_bytes()), Kind::Text));
    }
}

//! The package's fixed and nearly fixed parts: content types, relationships, properties, styles,
//! numbering, settings, fonts and footers.

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::body::BULLETS;
use super::esc;
use crate::document::Document;

pub(crate) fn content_types(charts: usize) -> String {
    let mut x = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        "\n",
        r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
        r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
        r#"<Default Extension="xml" ContentType="application/xml"/>"#,
        r#"<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>"#,
        r#"<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>"#,
        r#"<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>"#,
        r#"<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>"#,
        r#"<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>"#,
        r#"<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>"#,
        r#"<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>"#,
        r#"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#,
        r#"<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>"#,
    ));
    for n in 1..=charts {
        let _ = write!(
            x,
            r#"<Override PartName="/word/charts/chart{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>"#
        );
    }
    x.push_str("</Types>\n");
    x
}

pub(crate) const PACKAGE_RELS: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    "\n",
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>"#,
    r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#,
    r#"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>"#,
    "</Relationships>\n"
);

pub(crate) fn document_rels(charts: usize, links: &[String]) -> String {
    let mut x = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        "\n",
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
        r#"<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
        r#"<Relationship Id="rIdNumbering" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>"#,
        r#"<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>"#,
        r#"<Relationship Id="rIdFonts" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>"#,
        r#"<Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>"#,
        r#"<Relationship Id="rIdFooterFirst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/>"#,
    ));
    for n in 1..=charts {
        let _ = write!(
            x,
            r#"<Relationship Id="rIdChart{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart" Target="charts/chart{n}.xml"/>"#
        );
    }
    for (i, url) in links.iter().enumerate() {
        let _ = write!(
            x,
            r#"<Relationship Id="rIdLink{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="{}" TargetMode="External"/>"#,
            i + 1,
            esc(url)
        );
    }
    x.push_str("</Relationships>\n");
    x
}

/// Document properties: the title and language assistive technology announces.
pub(crate) fn core(doc: &Document, exported_on: NaiveDate) -> String {
    let when = exported_on.format("%Y-%m-%dT00:00:00Z");
    let creator = if doc.author.is_empty() {
        "Throughline".to_string()
    } else {
        esc(&doc.author)
    };
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\n",
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
            r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
            r#"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{title}</dc:title><dc:subject>{subject}</dc:subject><dc:creator>{creator}</dc:creator>",
            "<dc:language>{lang}</dc:language>",
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>"#,
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>"#,
            "</cp:coreProperties>\n"
        ),
        title = esc(&doc.title),
        subject = esc(&doc.cover.period),
        creator = creator,
        lang = doc.lang,
        when = when
    )
}

pub(crate) const APP: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    "\n",
    r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" "#,
    r#"xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#,
    "<Application>Throughline</Application><DocSecurity>0</DocSecurity></Properties>\n"
);

/// Noto Sans where it is installed; elsewhere Word picks the nearest sans serif it has.
pub(crate) const FONT_TABLE: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    "\n",
    r#"<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    r#"<w:font w:name="Noto Sans"><w:altName w:val="Arial"/><w:panose1 w:val="020B0502040504020204"/><w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>"#,
    "</w:fonts>\n"
);

pub(crate) fn settings(lang: &str) -> String {
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\n",
            r#"<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
            r#"<w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>"#,
            // The contents is a TOC field of PAGEREF entries whose pages only the reader's Word can know:
            // it is asked to update fields on opening.
            r#"<w:updateFields w:val="true"/>"#,
            r#"<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>"#,
            r#"<w:themeFontLang w:val="{lang}"/>"#,
            "</w:settings>\n"
        ),
        lang = lang
    )
}

/// The footer on every page after the cover: the title and the page number.
pub(crate) fn footer(title: &str) -> String {
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\n",
            r#"<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
            r#"<w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>"#,
            r#"<w:r><w:t xml:space="preserve">{title} · Page </w:t></w:r>"#,
            r#"<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>"#,
            r#"<w:r><w:t xml:space="preserve"> of </w:t></w:r>"#,
            r#"<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>1</w:t></w:r></w:fldSimple>"#,
            "</w:p></w:ftr>\n"
        ),
        title = esc(title)
    )
}

/// The cover page has no footer.
pub(crate) const EMPTY_FOOTER: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    "\n",
    r#"<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr></w:p></w:ftr>"#,
    "\n"
);

/// Bullets (`w:numId` 1) and one numbered list per `w:numId` from 2 on, each restarting at 1.
pub(crate) fn numbering(ordered_lists: usize) -> String {
    let mut x = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        "\n",
        r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#
    ));
    let bullets = ["•", "◦", "▪"];
    x.push_str(
        r#"<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/>"#,
    );
    for level in 0..9u32 {
        let _ = write!(
            x,
            r#"<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="{}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{}" w:hanging="360"/></w:pPr><w:rPr><w:rFonts w:ascii="Noto Sans" w:hAnsi="Noto Sans" w:hint="default"/></w:rPr></w:lvl>"#,
            bullets[level as usize % 3],
            720 + 360 * level
        );
    }
    x.push_str("</w:abstractNum>");
    x.push_str(
        r#"<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="hybridMultilevel"/>"#,
    );
    for level in 0..9u32 {
        let (fmt, text) = match level % 3 {
            0 => ("decimal", format!("%{}.", level + 1)),
            1 => ("lowerLetter", format!("%{}.", level + 1)),
            _ => ("lowerRoman", format!("%{}.", level + 1)),
        };
        let _ = write!(
            x,
            r#"<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{}" w:hanging="360"/></w:pPr></w:lvl>"#,
            720 + 360 * level
        );
    }
    x.push_str("</w:abstractNum>");
    let _ = write!(
        x,
        r#"<w:num w:numId="{BULLETS}"><w:abstractNumId w:val="0"/></w:num>"#
    );
    for n in 1..=ordered_lists {
        let _ = write!(
            x,
            r#"<w:num w:numId="{}"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>"#,
            BULLETS + n
        );
    }
    x.push_str("</w:numbering>\n");
    x
}

const ACCENT: &str = "1F4E79";
const MUTED: &str = "4A5560";

/// Paragraph styles with Word's built-in names (so that Word, LibreOffice and screen readers know
/// a heading for a heading), the table style, and the document defaults with the language.
pub(crate) fn styles(lang: &str) -> String {
    let mut x = String::with_capacity(8192);
    let _ = write!(
        x,
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\n",
            r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
            r#"<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Noto Sans" w:eastAsia="Noto Sans" w:hAnsi="Noto Sans" w:cs="Noto Sans"/>"#,
            r#"<w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="{lang}" w:eastAsia="{lang}" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>"#,
            r#"<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>"#
        ),
        lang = lang
    );
    let para = |x: &mut String, id: &str, name: &str, extra: &str, ppr: &str, rpr: &str| {
        let _ = write!(
            x,
            r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{name}"/>{extra}<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"#
        );
    };
    x.push_str(r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>"#);
    let based = r#"<w:basedOn w:val="Normal"/><w:next w:val="BodyText"/><w:uiPriority w:val="9"/><w:qFormat/>"#;
    para(
        &mut x,
        "Heading1",
        "heading 1",
        based,
        r#"<w:keepNext/><w:keepLines/><w:pageBreakBefore/><w:spacing w:before="0" w:after="240"/><w:outlineLvl w:val="0"/>"#,
        &format!(
            r#"<w:b/><w:bCs/><w:color w:val="{ACCENT}"/><w:sz w:val="36"/><w:szCs w:val="36"/>"#
        ),
    );
    para(
        &mut x,
        "Heading2",
        "heading 2",
        based,
        r#"<w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="1"/>"#,
        &format!(
            r#"<w:b/><w:bCs/><w:color w:val="{ACCENT}"/><w:sz w:val="28"/><w:szCs w:val="28"/>"#
        ),
    );
    para(
        &mut x,
        "Heading3",
        "heading 3",
        based,
        r#"<w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="2"/>"#,
        r#"<w:b/><w:bCs/><w:sz w:val="24"/><w:szCs w:val="24"/>"#,
    );
    let plain = r#"<w:basedOn w:val="Normal"/><w:qFormat/>"#;
    para(&mut x, "BodyText", "Body Text", plain, "", "");
    para(
        &mut x,
        "Title",
        "Title",
        plain,
        r#"<w:spacing w:before="120" w:after="240" w:line="240" w:lineRule="auto"/>"#,
        &format!(
            r#"<w:b/><w:bCs/><w:color w:val="{ACCENT}"/><w:sz w:val="56"/><w:szCs w:val="56"/>"#
        ),
    );
    para(
        &mut x,
        "Subtitle",
        "Subtitle",
        plain,
        r#"<w:spacing w:after="480"/>"#,
        r#"<w:sz w:val="30"/><w:szCs w:val="30"/>"#,
    );
    para(
        &mut x,
        "CoverDistrict",
        "Cover District",
        plain,
        &format!(
            r#"<w:pBdr><w:top w:val="single" w:sz="24" w:space="12" w:color="{ACCENT}"/></w:pBdr><w:spacing w:before="3600" w:after="120"/>"#
        ),
        &format!(
            r#"<w:b/><w:bCs/><w:color w:val="{MUTED}"/><w:sz w:val="28"/><w:szCs w:val="28"/>"#
        ),
    );
    para(
        &mut x,
        "CoverFact",
        "Cover Fact",
        plain,
        r#"<w:spacing w:after="60"/>"#,
        r#"<w:sz w:val="22"/><w:szCs w:val="22"/>"#,
    );
    para(
        &mut x,
        "TOCHeading",
        "TOC Heading",
        plain,
        r#"<w:keepNext/><w:pageBreakBefore/><w:spacing w:after="240"/>"#,
        &format!(
            r#"<w:b/><w:bCs/><w:color w:val="{ACCENT}"/><w:sz w:val="36"/><w:szCs w:val="36"/>"#
        ),
    );
    para(
        &mut x,
        "TOC1",
        "toc 1",
        r#"<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="39"/>"#,
        r#"<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9350"/></w:tabs><w:spacing w:after="80"/>"#,
        r#"<w:sz w:val="22"/><w:szCs w:val="22"/>"#,
    );
    para(
        &mut x,
        "Caption",
        "caption",
        r#"<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="35"/><w:qFormat/>"#,
        r#"<w:keepNext/><w:spacing w:before="160" w:after="80"/>"#,
        &format!(
            r#"<w:b/><w:bCs/><w:color w:val="{MUTED}"/><w:sz w:val="18"/><w:szCs w:val="18"/>"#
        ),
    );
    para(
        &mut x,
        "Figure",
        "Figure",
        plain,
        r#"<w:keepNext/><w:spacing w:before="120" w:after="0"/><w:jc w:val="center"/>"#,
        "",
    );
    para(
        &mut x,
        "Note",
        "Note",
        plain,
        "",
        &format!(r#"<w:i/><w:iCs/><w:color w:val="{MUTED}"/>"#),
    );
    para(
        &mut x,
        "Signer",
        "Signer",
        plain,
        r#"<w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="0"/>"#,
        "",
    );
    // Room above the line to sign on; kept with the signer's name above it.
    para(
        &mut x,
        "SignLine",
        "Signature line",
        plain,
        r#"<w:keepLines/><w:spacing w:before="600" w:after="120"/>"#,
        &format!(r#"<w:color w:val="{MUTED}"/><w:sz w:val="18"/><w:szCs w:val="18"/>"#),
    );
    para(
        &mut x,
        "Fact",
        "Fact",
        plain,
        r#"<w:spacing w:after="40"/><w:ind w:left="0"/>"#,
        "",
    );
    para(
        &mut x,
        "Quote",
        "Quote",
        r#"<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="29"/><w:qFormat/>"#,
        r#"<w:pBdr><w:left w:val="single" w:sz="18" w:space="8" w:color="B8C2CC"/></w:pBdr><w:ind w:left="360" w:right="360"/>"#,
        &format!(r#"<w:i/><w:iCs/><w:color w:val="{MUTED}"/>"#),
    );
    para(
        &mut x,
        "ListParagraph",
        "List Paragraph",
        r#"<w:basedOn w:val="Normal"/><w:uiPriority w:val="34"/><w:qFormat/>"#,
        r#"<w:spacing w:after="60"/><w:ind w:left="720"/><w:contextualSpacing/>"#,
        "",
    );
    para(
        &mut x,
        "TableText",
        "Table Text",
        plain,
        r#"<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>"#,
        r#"<w:sz w:val="18"/><w:szCs w:val="18"/>"#,
    );
    para(
        &mut x,
        "AfterTable",
        "After Table",
        plain,
        r#"<w:spacing w:before="0" w:after="120" w:line="120" w:lineRule="exact"/>"#,
        r#"<w:sz w:val="8"/><w:szCs w:val="8"/>"#,
    );
    para(
        &mut x,
        "Footer",
        "footer",
        r#"<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/>"#,
        r#"<w:spacing w:after="0"/><w:jc w:val="center"/>"#,
        &format!(r#"<w:color w:val="{MUTED}"/><w:sz w:val="16"/><w:szCs w:val="16"/>"#),
    );
    let _ = write!(
        x,
        r#"<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:uiPriority w:val="99"/><w:rPr><w:color w:val="{ACCENT}"/><w:u w:val="single"/></w:rPr></w:style>"#
    );
    x.push_str(concat!(
        r#"<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>"#,
        r#"<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#,
        r#"<w:style w:type="table" w:styleId="PlanTable"><w:name w:val="Plan Table"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>"#,
        r#"<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>"#,
        r#"<w:tblPr><w:tblBorders>"#,
        r#"<w:top w:val="single" w:sz="4" w:space="0" w:color="B8C2CC"/><w:left w:val="single" w:sz="4" w:space="0" w:color="B8C2CC"/>"#,
        r#"<w:bottom w:val="single" w:sz="4" w:space="0" w:color="B8C2CC"/><w:right w:val="single" w:sz="4" w:space="0" w:color="B8C2CC"/>"#,
        r#"<w:insideH w:val="single" w:sz="4" w:space="0" w:color="B8C2CC"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="B8C2CC"/>"#,
        r#"</w:tblBorders><w:tblCellMar><w:top w:w="50" w:type="dxa"/><w:left w:w="90" w:type="dxa"/><w:bottom w:w="50" w:type="dxa"/><w:right w:w="90" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#,
        "</w:styles>\n"
    ));
    x
}

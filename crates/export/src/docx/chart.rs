//! A chart part (`word/charts/chartN.xml`): a clustered column chart of investments against
//! sources per fiscal year. The figures live in the chart's own caches, so Word and LibreOffice
//! draw it without a spreadsheet, and its alternative text sits on the drawing in the body.

use std::fmt::Write as _;

use super::esc;
use crate::document::Chart;
use crate::html::{INVESTMENT_COLOUR, SOURCE_COLOUR};

pub(crate) fn part(c: &Chart) -> String {
    let n = c.groups.len();
    let format = if c.money { r##""$"#,##0"## } else { "General" };
    let mut x = String::with_capacity(4096);
    x.push_str(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        "\n",
        r#"<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" "#,
        r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" "#,
        r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
        r#"<c:roundedCorners val="0"/><c:chart><c:autoTitleDeleted val="1"/><c:plotArea><c:layout/>"#,
        r#"<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>"#
    ));
    let column = |i: usize| if i == 0 { 'B' } else { 'C' };
    for (i, (name, colour)) in c
        .series
        .iter()
        .zip([INVESTMENT_COLOUR, SOURCE_COLOUR])
        .enumerate()
    {
        let col = column(i);
        let _ = write!(
            x,
            concat!(
                r#"<c:ser><c:idx val="{i}"/><c:order val="{i}"/>"#,
                r#"<c:tx><c:strRef><c:f>Sheet1!${col}$1</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>{name}</c:v></c:pt></c:strCache></c:strRef></c:tx>"#,
                r#"<c:spPr><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>"#,
                r#"<c:dLbls><c:numFmt formatCode="{format}" sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>"#,
                r#"<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="800"/></a:pPr><a:endParaRPr lang="en-US"/></a:p></c:txPr>"#,
                r#"<c:dLblPos val="outEnd"/><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>"#,
                r#"<c:cat><c:strRef><c:f>Sheet1!$A$2:$A${last}</c:f><c:strCache><c:ptCount val="{n}"/>"#
            ),
            i = i,
            col = col,
            name = esc(name),
            colour = colour,
            format = esc(format),
            last = n + 1,
            n = n
        );
        for (g, group) in c.groups.iter().enumerate() {
            let _ = write!(
                x,
                r#"<c:pt idx="{g}"><c:v>{}</c:v></c:pt>"#,
                esc(&group.label)
            );
        }
        let _ = write!(
            x,
            r#"</c:strCache></c:strRef></c:cat><c:val><c:numRef><c:f>Sheet1!${col}$2:${col}${last}</c:f><c:numCache><c:formatCode>{format}</c:formatCode><c:ptCount val="{n}"/>"#,
            col = col,
            last = n + 1,
            format = esc(format),
            n = n
        );
        for (g, group) in c.groups.iter().enumerate() {
            let v = group.values[i];
            let v = if v.is_finite() { v } else { 0.0 };
            let _ = write!(x, r#"<c:pt idx="{g}"><c:v>{v}</c:v></c:pt>"#);
        }
        x.push_str("</c:numCache></c:numRef></c:val></c:ser>");
    }
    let _ = write!(
        x,
        concat!(
            r#"<c:gapWidth val="80"/><c:overlap val="-8"/><c:axId val="1001"/><c:axId val="1002"/></c:barChart>"#,
            r#"<c:catAx><c:axId val="1001"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/>"#,
            r#"<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>"#,
            r#"<c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="555555"/></a:solidFill></a:ln></c:spPr>"#,
            r#"<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900" b="1"/></a:pPr><a:endParaRPr lang="en-US"/></a:p></c:txPr>"#,
            r#"<c:crossAx val="1002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>"#,
            r#"<c:valAx><c:axId val="1002"/><c:scaling><c:orientation val="minMax"/><c:min val="0"/></c:scaling><c:delete val="0"/><c:axPos val="l"/>"#,
            r#"<c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D9DEE3"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>"#,
            r#"<c:numFmt formatCode="{format}" sourceLinked="0"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>"#,
            r#"<c:spPr><a:ln><a:noFill/></a:ln></c:spPr>"#,
            r#"<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="800"/></a:pPr><a:endParaRPr lang="en-US"/></a:p></c:txPr>"#,
            r#"<c:crossAx val="1001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>"#,
            r#"</c:plotArea><c:legend><c:legendPos val="t"/><c:overlay val="0"/>"#,
            r#"<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900"/></a:pPr><a:endParaRPr lang="en-US"/></a:p></c:txPr></c:legend>"#,
            r#"<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>"#,
            r#"<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr><a:latin typeface="Noto Sans"/></a:defRPr></a:pPr><a:endParaRPr lang="en-US"/></a:p></c:txPr>"#,
            "</c:chartSpace>\n"
        ),
        format = esc(format)
    );
    x
}

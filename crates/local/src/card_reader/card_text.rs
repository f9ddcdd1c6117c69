//! The 256 bytes of text on a resident ID card, as the reader hands them over: fixed-width
//! fields of UCS-2 (little-endian), padded with spaces. The photo that follows is left alone:
//! BorderDesk never decodes or keeps it.

use borderdesk_core::id_card::{CardValidity, IdCard, Sex};
use chrono::NaiveDate;

/// Bytes of text on a card.
pub const TEXT_BYTES: usize = 256;

/// The fields in order, with their width in bytes (two per character).
const NAME: usize = 30;
const SEX: usize = 2;
const NATION: usize = 4;
const BIRTH: usize = 16;
const ADDRESS: usize = 70;
const ID_NUMBER: usize = 36;
const ISSUED_BY: usize = 30;
const VALID_FROM: usize = 16;
const VALID_UNTIL: usize = 16;
const RESERVED: usize = 36;
const WIDTHS: [usize; 10] = [
    NAME,
    SEX,
    NATION,
    BIRTH,
    ADDRESS,
    ID_NUMBER,
    ISSUED_BY,
    VALID_FROM,
    VALID_UNTIL,
    RESERVED,
];
const _: () = {
    let mut sum = 0;
    let mut i = 0;
    while i < WIDTHS.len() {
        sum += WIDTHS[i];
        i += 1;
    }
    assert!(sum == TEXT_BYTES);
};

/// What 长期 (no end date) reads as on a card.
const LONG_TERM: &str = "长期";

/// The text cannot be a card's: not UCS-2, a field out of its form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Garbled;

fn field(bytes: &[u8]) -> Result<String, Garbled> {
    let units = bytes
        .chunks_exact(2)
        .map(|pair| u16::from_le_bytes([pair[0], pair[1]]));
    let text: String = char::decode_utf16(units)
        .collect::<Result<_, _>>()
        .map_err(|_| Garbled)?;
    let text = text.trim_end_matches([' ', '\0']).trim_start().to_string();
    if text.chars().any(char::is_control) {
        return Err(Garbled);
    }
    Ok(text)
}

fn date(text: &str) -> Result<NaiveDate, Garbled> {
    NaiveDate::parse_from_str(text, "%Y%m%d").map_err(|_| Garbled)
}

/// Reads a card's text. What the fields say is checked by `IdCard::check`.
pub fn decode(text: &[u8]) -> Result<IdCard, Garbled> {
    if text.len() < TEXT_BYTES {
        return Err(Garbled);
    }
    let mut fields = Vec::with_capacity(WIDTHS.len());
    let mut at = 0;
    for width in WIDTHS {
        fields.push(field(&text[at..at + width])?);
        at += width;
    }
    let sex = match fields[1].as_str() {
        "1" => Sex::Male,
        "2" => Sex::Female,
        _ => return Err(Garbled),
    };
    let valid_until = match fields[8].as_str() {
        LONG_TERM => CardValidity::LongTerm,
        other => CardValidity::Until(date(other)?),
    };
    Ok(IdCard {
        name: fields[0].clone(),
        sex,
        nation_code: fields[2].clone(),
        birth_date: date(&fields[3])?,
        address: fields[4].clone(),
        id_number: fields[5].clone(),
        issued_by: fields[6].clone(),
        valid_from: date(&fields[7])?,
        valid_until,
    })
}

fn put(out: &mut Vec<u8>, text: &str, width: usize) {
    let start = out.len();
    for unit in text.encode_utf16().take(width / 2) {
        out.extend_from_slice(&unit.to_le_bytes());
    }
    while out.len() < start + width {
        out.extend_from_slice(&u16::from(b' ').to_le_bytes());
    }
}

/// A card's text as a card holds it (what a simulated reader sends).
pub fn encode(card: &IdCard) -> [u8; TEXT_BYTES] {
    let mut out = Vec::with_capacity(TEXT_BYTES);
    let sex = match card.sex {
        Sex::Male => "1",
        Sex::Female => "2",
    };
    let until = match card.valid_until {
        CardValidity::LongTerm => LONG_TERM.to_string(),
        CardValidity::Until(d) => d.format("%Y%m%d").to_string(),
    };
    put(&mut out, &card.name, NAME);
    put(&mut out, sex, SEX);
    put(&mut out, &card.nation_code, NATION);
    put(
        &mut out,
        &card.birth_date.format("%Y%m%d").to_string(),
        BIRTH,
    );
    put(&mut out, &card.address, ADDRESS);
    put(&mut out, &card.id_number, ID_NUMBER);
    put(&mut out, &card.issued_by, ISSUED_BY);
    put(
        &mut out,
        &card.valid_from.format("%Y%m%d").to_string(),
        VALID_FROM,
    );
    put(&mut out, &until, VALID_UNTIL);
    put(&mut out, "", RESERVED);
    let mut text = [0u8; TEXT_BYTES];
    text.copy_from_slice(&out);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first 30 bytes of the published sample read (王美娜, then spaces).
    const SAMPLE_NAME: [u8; 30] = [
        0x8B, 0x73, 0x8E, 0x7F, 0x1C, 0x5A, 0x20, 0x00, 0x20, 0x00, 0x20, 0x00, 0x20, 0x00, 0x20,
        0x00, 0x20, 0x00, 0x20, 0x00, 0x20, 0x00, 0x20, 0x00, 0x20, 0x00, 0x20, 0x00, 0x20, 0x00,
    ];

    fn card() -> IdCard {
        IdCard {
            name: "王美娜".into(),
            sex: Sex::Female,
            nation_code: "01".into(),
            birth_date: NaiveDate::from_ymd_opt(1986, 9, 11).unwrap(),
            address: "浙江省泰顺县罗阳镇新城大道20号".into(),
            id_number: "330329198609114465".into(),
            issued_by: "泰顺县公安局".into(),
            valid_from: NaiveDate::from_ymd_opt(2011, 3, 3).unwrap(),
            valid_until: CardValidity::Until(NaiveDate::from_ymd_opt(2031, 3, 3).unwrap()),
        }
    }

    #[test]
    fn the_name_field_reads_as_the_published_sample() {
        assert_eq!(field(&SAMPLE_NAME), Ok("王美娜".to_string()));
        assert_eq!(&encode(&card())[..30], &SAMPLE_NAME);
    }

    #[test]
    fn a_card_round_trips_and_long_term_reads_as_such() {
        assert_eq!(decode(&encode(&card())), Ok(card()));
        let long = IdCard {
            valid_until: CardValidity::LongTerm,
            ..card()
        };
        assert_eq!(decode(&encode(&long)), Ok(long));
    }

    #[test]
    fn text_that_is_not_a_card_is_garbled() {
        let mut text = encode(&card());
        // A lone surrogate half in the name.
        text[0] = 0x00;
        text[1] = 0xD8;
        assert_eq!(decode(&text), Err(Garbled));
        let mut text = encode(&card());
        // Sex 3 is not on ID cards.
        text[30] = b'3';
        assert_eq!(decode(&text), Err(Garbled));
        assert_eq!(decode(&text[..100]), Err(Garbled));
        let mut text = encode(&card());
        // A NUL inside the address.
        text[36 + 16 + 2] = 0;
        text[36 + 16 + 3] = 0;
        assert_eq!(decode(&text), Err(Garbled));
    }
}

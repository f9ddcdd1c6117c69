//! The frames a resident ID card reader's SAM module (身份证阅读器安全模块) speaks over its serial
//! line, as the Ministry of Public Security's first research institute specified them and reader
//! makers republish them ("公安部身份证阅读器模块SAM通讯协议", e.g.
//! <https://blog.csdn.net/zhangbijun1230/article/details/85242964> and
//! <https://softs.im/身份证阅读器通信协议>):
//!
//! ```text
//! to the reader:   AA AA AA 96 69 | Len1 Len2 | CMD PARA | data… | CHK
//! from the reader: AA AA AA 96 69 | Len1 Len2 | SW1 SW2 SW3 | data… | CHK
//! ```
//!
//! `Len` (big-endian) counts every byte after itself, the check byte included; the check byte is
//! the XOR of every byte after the preamble. The same code builds and reads both directions, so
//! the simulated reader of the tests speaks exactly what this side expects.

/// Every frame starts with these five bytes: three to synchronise, two to mark the start.
pub const PREAMBLE: [u8; 5] = [0xAA, 0xAA, 0xAA, 0x96, 0x69];
/// The largest frame body a reader sends (text, photo and fingerprints come to about 2.3 KB);
/// a length beyond it is line noise, not a frame.
pub const MAX_BODY: usize = 4096;

/// The commands BorderDesk sends (CMD, PARA).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// 寻找证/卡: is a card on the reader?
    FindCard,
    /// 选取证/卡: take the card found for the reads that follow.
    SelectCard,
    /// 读身份证固定信息: the text (256 bytes) and the photo (1024 bytes).
    ReadBase,
}

impl Command {
    pub fn code(self) -> (u8, u8) {
        match self {
            Self::FindCard => (0x20, 0x01),
            Self::SelectCard => (0x20, 0x02),
            Self::ReadBase => (0x30, 0x01),
        }
    }

    pub fn from_code(cmd: u8, para: u8) -> Option<Self> {
        [Self::FindCard, Self::SelectCard, Self::ReadBase]
            .into_iter()
            .find(|c| c.code() == (cmd, para))
    }
}

/// The reader's own status byte (SW3) of the answers BorderDesk tells apart.
pub mod status {
    pub const OK: u8 = 0x90;
    pub const CARD_FOUND: u8 = 0x9F;
    pub const BAD_CHECKSUM: u8 = 0x10;
    pub const BAD_LENGTH: u8 = 0x11;
    pub const BAD_COMMAND: u8 = 0x21;
    /// 0x31–0x33: the card and the reader did not authenticate each other (not a genuine card).
    pub const CARD_AUTH_FAILED: u8 = 0x31;
    pub const READER_AUTH_FAILED: u8 = 0x32;
    pub const VERIFY_FAILED: u8 = 0x33;
    pub const WRONG_CARD: u8 = 0x40;
    /// 读身份证操作失败: typically the card left the field mid-read.
    pub const READ_FAILED: u8 = 0x41;
    pub const SELF_TEST_FAILED: u8 = 0x60;
    pub const NOT_AUTHORISED: u8 = 0x66;
    pub const NO_CARD: u8 = 0x80;
    pub const SELECT_FAILED: u8 = 0x81;
}

/// Why bytes off the line are not a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameError {
    /// The check byte does not match: a bit flipped on the way.
    Checksum,
    /// A length no reader sends.
    Length,
}

fn xor(bytes: &[u8]) -> u8 {
    bytes.iter().fold(0, |acc, b| acc ^ b)
}

/// A whole frame around `body` (CMD PARA data, or SW1 SW2 SW3 data).
pub fn encode(body: &[u8]) -> Vec<u8> {
    let len = u16::try_from(body.len() + 1).unwrap_or(u16::MAX);
    let mut frame = Vec::with_capacity(PREAMBLE.len() + 2 + body.len() + 1);
    frame.extend_from_slice(&PREAMBLE);
    frame.extend_from_slice(&len.to_be_bytes());
    frame.extend_from_slice(body);
    frame.push(xor(&frame[PREAMBLE.len()..]));
    frame
}

/// A command frame to the reader.
pub fn command(command: Command) -> Vec<u8> {
    let (cmd, para) = command.code();
    encode(&[cmd, para])
}

/// A reader's answer: its three status bytes and what follows them.
#[derive(Clone, PartialEq, Eq)]
pub struct Reply {
    pub sw: [u8; 3],
    pub data: Vec<u8>,
}

impl std::fmt::Debug for Reply {
    // The data is a person's card: never in a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Reply {{ sw: {:02X?}, {} bytes }}",
            self.sw,
            self.data.len()
        )
    }
}

impl Reply {
    pub fn status(&self) -> u8 {
        self.sw[2]
    }

    /// The frame a reader sends for this answer.
    pub fn encode(&self) -> Vec<u8> {
        let mut body = self.sw.to_vec();
        body.extend_from_slice(&self.data);
        encode(&body)
    }

    fn from_body(body: &[u8]) -> Option<Self> {
        let sw = body.get(..3)?.try_into().ok()?;
        Some(Self {
            sw,
            data: body[3..].to_vec(),
        })
    }
}

/// Reads frames out of a byte stream as it arrives, skipping noise before a preamble.
#[derive(Debug, Default)]
pub struct Decoder {
    buffer: Vec<u8>,
}

impl Decoder {
    pub fn push(&mut self, bytes: &[u8]) {
        self.buffer.extend_from_slice(bytes);
    }

    /// The next whole frame's body (without preamble, length and check byte), an error for a
    /// broken one (which is dropped, so the stream can go on), or None until more bytes come.
    pub fn next_body(&mut self) -> Option<Result<Vec<u8>, FrameError>> {
        let start = self
            .buffer
            .windows(PREAMBLE.len())
            .position(|w| w == PREAMBLE);
        let Some(start) = start else {
            // Keep a tail that may be the start of a preamble.
            let keep = self.buffer.len().min(PREAMBLE.len() - 1);
            self.buffer.drain(..self.buffer.len() - keep);
            return None;
        };
        self.buffer.drain(..start);
        let header = PREAMBLE.len() + 2;
        if self.buffer.len() < header {
            return None;
        }
        let len = usize::from(u16::from_be_bytes([
            self.buffer[PREAMBLE.len()],
            self.buffer[PREAMBLE.len() + 1],
        ]));
        if !(2..=MAX_BODY + 1).contains(&len) {
            self.buffer.drain(..PREAMBLE.len());
            return Some(Err(FrameError::Length));
        }
        if self.buffer.len() < header + len {
            return None;
        }
        let frame: Vec<u8> = self.buffer.drain(..header + len).collect();
        let (checked, check) = frame[PREAMBLE.len()..].split_at(2 + len - 1);
        if xor(checked) != check[0] {
            return Some(Err(FrameError::Checksum));
        }
        Some(Ok(frame[header..header + len - 1].to_vec()))
    }

    /// The next reply of a reader (a body too short for its status bytes counts as a length
    /// error).
    pub fn next_reply(&mut self) -> Option<Result<Reply, FrameError>> {
        self.next_body()
            .map(|body| body.and_then(|b| Reply::from_body(&b).ok_or(FrameError::Length)))
    }

    /// Forgets what was received (a new exchange starts).
    pub fn clear(&mut self) {
        self.buffer.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_find_card_command_is_the_published_frame() {
        // AA AA AA 96 69 00 03 20 01 22, as the protocol's own example reads.
        assert_eq!(
            command(Command::FindCard),
            vec![0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x20, 0x01, 0x22]
        );
        assert_eq!(
            command(Command::ReadBase),
            vec![0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x30, 0x01, 0x32]
        );
    }

    #[test]
    fn a_read_failed_reply_decodes_as_published() {
        // "aa aa aa 96 69 00 04 00 00 41 45 表示读取解码失败"
        let mut d = Decoder::default();
        d.push(&[
            0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x04, 0x00, 0x00, 0x41, 0x45,
        ]);
        let reply = d.next_reply().unwrap().unwrap();
        assert_eq!(reply.status(), status::READ_FAILED);
        assert!(reply.data.is_empty());
        assert!(d.next_reply().is_none());
    }

    #[test]
    fn frames_come_through_noise_and_in_pieces() {
        let reply = Reply {
            sw: [0, 0, status::OK],
            data: (0..=255).collect(),
        };
        let mut bytes = vec![0x00, 0xAA, 0x13];
        bytes.extend(reply.encode());
        bytes.extend(
            Reply {
                sw: [0, 0, status::NO_CARD],
                data: vec![],
            }
            .encode(),
        );
        let mut d = Decoder::default();
        let mut got = Vec::new();
        for chunk in bytes.chunks(7) {
            d.push(chunk);
            while let Some(r) = d.next_reply() {
                got.push(r.unwrap());
            }
        }
        assert_eq!(got.len(), 2);
        assert_eq!(got[0], reply);
        assert_eq!(got[1].status(), status::NO_CARD);
    }

    #[test]
    fn a_flipped_bit_is_a_checksum_error_and_the_next_frame_still_reads() {
        let mut broken = Reply {
            sw: [0, 0, status::OK],
            data: vec![1, 2, 3],
        }
        .encode();
        broken[9] ^= 0x01;
        let mut d = Decoder::default();
        d.push(&broken);
        d.push(&command(Command::SelectCard));
        assert_eq!(d.next_body(), Some(Err(FrameError::Checksum)));
        assert_eq!(d.next_body(), Some(Ok(vec![0x20, 0x02])));
    }

    #[test]
    fn an_impossible_length_is_refused_without_waiting_for_it() {
        let mut d = Decoder::default();
        d.push(&[0xAA, 0xAA, 0xAA, 0x96, 0x69, 0xFF, 0xFF, 0x00]);
        assert_eq!(d.next_body(), Some(Err(FrameError::Length)));
        assert_eq!(d.next_body(), None);
    }

    #[test]
    fn commands_round_trip() {
        for c in [Command::FindCard, Command::SelectCard, Command::ReadBase] {
            let mut d = Decoder::default();
            d.push(&command(c));
            let body = d.next_body().unwrap().unwrap();
            assert_eq!(Command::from_code(body[0], body[1]), Some(c));
        }
    }
}

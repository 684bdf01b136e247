//! The binary framing shared by all PSI messages: a 22-byte header
//! (version, message type, sequence number, session id) and little-endian
//! length-prefixed lists of 32-byte points or 32-bit indices.

use crate::batch::Point;
use crate::error::{PsiError, Result};
use serde::{Deserialize, Serialize};

/// The version byte every message starts with.
pub const VERSION: u8 = 1;
/// Bytes of the header: version, type, sequence (u32), session id (16).
pub const HEADER_LEN: usize = 1 + 1 + 4 + 16;

/// A session's identity: 16 random bytes chosen by the initiator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SessionId(pub [u8; 16]);

impl SessionId {
    /// A fresh random id.
    pub fn random<R: rand::RngCore + rand::CryptoRng>(rng: &mut R) -> Self {
        let mut id = [0u8; 16];
        rng.fill_bytes(&mut id);
        SessionId(id)
    }
}

/// The message types and their fixed sequence numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageType {
    Request = 1,
    Response = 2,
    Matches = 3,
    Reveal = 4,
}

impl MessageType {
    /// The message's name in errors.
    pub fn name(self) -> &'static str {
        match self {
            MessageType::Request => "Request",
            MessageType::Response => "Response",
            MessageType::Matches => "Matches",
            MessageType::Reveal => "Reveal",
        }
    }

    /// The sequence number a message of this type carries in a session.
    pub fn seq(self) -> u32 {
        self as u32 - 1
    }
}

/// Appends the fields of a message.
pub struct Writer(Vec<u8>);

impl Writer {
    /// A buffer starting with the header.
    pub fn new(kind: MessageType, seq: u32, session: &SessionId, body: usize) -> Self {
        let mut buf = Vec::with_capacity(HEADER_LEN + body);
        buf.push(VERSION);
        buf.push(kind as u8);
        buf.extend_from_slice(&seq.to_le_bytes());
        buf.extend_from_slice(&session.0);
        Writer(buf)
    }

    pub fn u8(&mut self, v: u8) {
        self.0.push(v);
    }

    fn count(&mut self, n: usize) {
        let n = u32::try_from(n).expect("lists are bounded by max_set_size < 2^32");
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    /// A count then the points.
    pub fn points(&mut self, points: &[Point]) {
        self.count(points.len());
        for p in points {
            self.0.extend_from_slice(p);
        }
    }

    /// A count then the indices.
    pub fn indices(&mut self, indices: &[u32]) {
        self.count(indices.len());
        for i in indices {
            self.0.extend_from_slice(&i.to_le_bytes());
        }
    }

    pub fn finish(self) -> Vec<u8> {
        self.0
    }
}

/// Reads the fields of a message, checking every length first.
pub struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    /// Checks the header against the expected type; returns the reader,
    /// the sequence number and the session id.
    pub fn new(bytes: &'a [u8], kind: MessageType) -> Result<(Self, u32, SessionId)> {
        if bytes.len() < HEADER_LEN {
            return Err(PsiError::Malformed("shorter than the header"));
        }
        if bytes[0] != VERSION {
            return Err(PsiError::UnsupportedVersion(bytes[0]));
        }
        if bytes[1] != kind as u8 {
            return Err(PsiError::UnexpectedMessage {
                expected: kind.name(),
                got: bytes[1],
            });
        }
        let seq = u32::from_le_bytes(bytes[2..6].try_into().expect("4 bytes"));
        let session = SessionId(bytes[6..22].try_into().expect("16 bytes"));
        Ok((
            Reader {
                rest: &bytes[HEADER_LEN..],
            },
            seq,
            session,
        ))
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if self.rest.len() < n {
            return Err(PsiError::Malformed("truncated"));
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Ok(head)
    }

    pub fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }

    fn count(&mut self, width: usize) -> Result<usize> {
        let n = u32::from_le_bytes(self.take(4)?.try_into().expect("4 bytes")) as usize;
        if n.checked_mul(width).is_none_or(|len| len > self.rest.len()) {
            return Err(PsiError::Malformed("count larger than the message"));
        }
        Ok(n)
    }

    /// A count then that many points.
    pub fn points(&mut self) -> Result<Vec<Point>> {
        let n = self.count(32)?;
        let raw = self.take(n * 32)?;
        Ok(raw
            .chunks_exact(32)
            .map(|c| c.try_into().expect("32 bytes"))
            .collect())
    }

    /// A count then that many indices.
    pub fn indices(&mut self) -> Result<Vec<u32>> {
        let n = self.count(4)?;
        let raw = self.take(n * 4)?;
        Ok(raw
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes(c.try_into().expect("4 bytes")))
            .collect())
    }

    /// Fails unless every byte was read.
    pub fn end(self) -> Result<()> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(PsiError::Malformed("trailing bytes"))
        }
    }
}

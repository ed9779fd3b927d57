//! The start-up index of read marks (`issue_reads.hashes`): per issue, the entry
//! hashes of its read entries, sorted, each 8 bytes little-endian.
//!
//! An entry's hash is [`entry_hash`]: part of the storage format, like the keys (the
//! persisted library keeps each issue's, so that `brief list` counts unread entries
//! from its heads). The marks themselves (ids and times) are rows of `read_marks`;
//! this index only spares the start reading them one row each.

pub use crate::model::entry_hash;

/// The hashes of `packed`, as stored: a length that is not a multiple of 8 loses its
/// last bytes, which is all a damaged value can lose.
pub fn decode(packed: &[u8]) -> Vec<u64> {
    packed
        .chunks_exact(8)
        .map(|chunk| u64::from_le_bytes(chunk.try_into().unwrap_or_default()))
        .collect()
}

pub fn encode(hashes: &[u64]) -> Vec<u8> {
    hashes.iter().flat_map(|hash| hash.to_le_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    #[test]
    fn hashes_round_trip_and_a_damaged_value_keeps_its_whole_hashes() {
        let hashes = [1, u64::MAX, 42];
        let packed = encode(&hashes);
        assert_eq!(decode(&packed), hashes);
        assert_eq!(decode(&packed[..packed.len() - 3]), hashes[..2]);
    }

    #[test]
    fn the_entry_hash_is_the_storage_format() {
        // SHA-256("url:https://a.example/1"), its first 8 bytes little-endian.
        let digest = Sha256::digest(b"url:https://a.example/1");
        let expected = u64::from_le_bytes(digest[..8].try_into().unwrap());
        assert_eq!(entry_hash("url:https://a.example/1"), expected);
        assert_ne!(
            entry_hash("url:https://a.example/1"),
            entry_hash("url:https://a.example/2")
        );
    }
}

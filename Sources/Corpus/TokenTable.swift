#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Token bytes -> entry number, with a count per entry: an open-addressing hash table
/// (linear probing, load <= 1/2) whose keys live back to back in one byte arena, hashed
/// with 64-bit FNV-1a. This replaces word2vec.c's `vocab_hash`/`SearchVocab`/`AddWordToVocab`
/// and avoids a `[String: Int]`, whose per-token `String` creation and hashing dominate
/// loading otherwise.
///
/// Entries are numbered in first-seen order (the provisional ids); `prune` keeps the
/// survivors' relative order.
///
/// - Complexity: `increment` and `find` are O(token length) expected.
struct TokenTable: ~Copyable {
    /// Number of entries.
    private(set) var count = 0
    private var entryCapacity: Int
    private var hashes: UnsafeMutablePointer<UInt64>
    private var offsets: UnsafeMutablePointer<Int>
    private var lengths: UnsafeMutablePointer<Int32>
    private var counts: UnsafeMutablePointer<Int>
    private var arena: UnsafeMutablePointer<UInt8>
    private var arenaCount = 0
    private var arenaCapacity: Int
    /// 0 = empty, else entry + 1.
    private var slots: UnsafeMutablePointer<UInt32>
    private var slotMask: Int

    init(expectedEntries: Int = 1 << 14) {
        entryCapacity = max(expectedEntries, 16)
        hashes = .allocate(capacity: entryCapacity)
        offsets = .allocate(capacity: entryCapacity)
        lengths = .allocate(capacity: entryCapacity)
        counts = .allocate(capacity: entryCapacity)
        arenaCapacity = entryCapacity * 8
        arena = .allocate(capacity: arenaCapacity)
        var slotCount = 32
        while slotCount < entryCapacity * 2 { slotCount <<= 1 }
        slots = .allocate(capacity: slotCount)
        slots.initialize(repeating: 0, count: slotCount)
        slotMask = slotCount - 1
    }

    deinit {
        hashes.deallocate()
        offsets.deallocate()
        lengths.deallocate()
        counts.deallocate()
        arena.deallocate()
        slots.deallocate()
    }

    /// 64-bit FNV-1a (Fowler, Noll, Vo).
    @inline(__always)
    static func hash(_ bytes: UnsafePointer<UInt8>, count: Int) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for i in 0..<count { h = (h ^ UInt64(bytes[i])) &* 0x0000_0100_0000_01B3 }
        return h
    }

    @inline(__always)
    private func home(_ h: UInt64) -> Int { Int(truncatingIfNeeded: h ^ (h >> 29)) & slotMask }

    @inline(__always)
    private func matches(_ entry: Int, _ h: UInt64, _ bytes: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        hashes[entry] == h && Int(lengths[entry]) == n && memcmp(arena + offsets[entry], bytes, n) == 0
    }

    /// Adds one occurrence of `bytes`, inserting it with count 1 when new; returns its entry.
    @inline(__always)
    mutating func increment(_ bytes: UnsafePointer<UInt8>, count n: Int) -> Int {
        add(bytes, count: n, occurrences: 1)
    }

    /// Adds `k` occurrences of `bytes`, inserting it with count `k` when new; returns its entry.
    @inline(__always)
    mutating func add(_ bytes: UnsafePointer<UInt8>, count n: Int, occurrences k: Int) -> Int {
        let h = Self.hash(bytes, count: n)
        var slot = home(h)
        while true {
            let stored = slots[slot]
            if stored == 0 { break }
            let entry = Int(stored &- 1)
            if matches(entry, h, bytes, n) {
                counts[entry] += k
                return entry
            }
            slot = (slot + 1) & slotMask
        }
        let entry = append(bytes, count: n, hash: h, occurrences: k)
        slots[slot] = UInt32(entry + 1)
        if count * 2 > slotMask { rehash(slotCount: (slotMask + 1) * 2) }
        return entry
    }

    /// The entry of `bytes`, or -1.
    @inline(__always)
    func find(_ bytes: UnsafePointer<UInt8>, count n: Int) -> Int {
        let h = Self.hash(bytes, count: n)
        var slot = home(h)
        while true {
            let stored = slots[slot]
            if stored == 0 { return -1 }
            let entry = Int(stored &- 1)
            if matches(entry, h, bytes, n) { return entry }
            slot = (slot + 1) & slotMask
        }
    }

    /// How often `entry` was counted.
    func occurrences(_ entry: Int) -> Int { counts[entry] }

    /// The largest count, 0 when empty.
    var maximumOccurrences: Int {
        var best = 0
        for entry in 0..<count { best = max(best, counts[entry]) }
        return best
    }

    /// The word of `entry` (its bytes are valid UTF-8).
    func word(_ entry: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: arena + offsets[entry], count: Int(lengths[entry])), as: UTF8.self)
    }

    /// Removes every entry counted `threshold` times or fewer, keeping the others in order
    /// (word2vec.c `ReduceVocab`); returns how many were removed. Entry numbers change.
    mutating func prune(keepingCountsAbove threshold: Int) -> Int {
        let newArena = UnsafeMutablePointer<UInt8>.allocate(capacity: arenaCapacity)
        var kept = 0
        var newArenaCount = 0
        for entry in 0..<count where counts[entry] > threshold {
            let length = Int(lengths[entry])
            (newArena + newArenaCount).update(from: arena + offsets[entry], count: length)
            hashes[kept] = hashes[entry]
            offsets[kept] = newArenaCount
            lengths[kept] = lengths[entry]
            counts[kept] = counts[entry]
            newArenaCount += length
            kept += 1
        }
        arena.deallocate()
        arena = newArena
        arenaCount = newArenaCount
        let removed = count - kept
        count = kept
        rehash(slotCount: slotMask + 1)
        return removed
    }

    private mutating func append(_ bytes: UnsafePointer<UInt8>, count n: Int, hash h: UInt64, occurrences: Int) -> Int {
        if count == entryCapacity {
            let newCapacity = entryCapacity * 2
            hashes = Self.grow(hashes, from: count, to: newCapacity)
            offsets = Self.grow(offsets, from: count, to: newCapacity)
            lengths = Self.grow(lengths, from: count, to: newCapacity)
            counts = Self.grow(counts, from: count, to: newCapacity)
            entryCapacity = newCapacity
        }
        if arenaCount + n > arenaCapacity {
            let newCapacity = max(arenaCapacity * 2, arenaCount + n)
            arena = Self.grow(arena, from: arenaCount, to: newCapacity)
            arenaCapacity = newCapacity
        }
        (arena + arenaCount).update(from: bytes, count: n)
        let entry = count
        hashes[entry] = h
        offsets[entry] = arenaCount
        lengths[entry] = Int32(n)
        counts[entry] = occurrences
        arenaCount += n
        count += 1
        return entry
    }

    private mutating func rehash(slotCount: Int) {
        if slotCount != slotMask + 1 {
            slots.deallocate()
            slots = .allocate(capacity: slotCount)
            slotMask = slotCount - 1
        }
        slots.initialize(repeating: 0, count: slotCount)
        for entry in 0..<count {
            var slot = home(hashes[entry])
            while slots[slot] != 0 { slot = (slot + 1) & slotMask }
            slots[slot] = UInt32(entry + 1)
        }
    }

    private static func grow<T>(_ old: UnsafeMutablePointer<T>, from count: Int, to capacity: Int) -> UnsafeMutablePointer<T> {
        let new = UnsafeMutablePointer<T>.allocate(capacity: capacity)
        new.moveInitialize(from: old, count: count)
        old.deallocate()
        return new
    }
}

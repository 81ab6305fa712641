/// Where a packet run starts again and how it tells its progress (`scan --resume`):
/// the round and index to start from, the answers already had, and a callback
/// given, every `interval` seconds and at the end of each round, the round and
/// the index before which every probe was sent at least `interval` seconds ago
/// (longer than the runner's cooldown: their replies have come).
struct RunnerCheckpoint<Output: Sendable> {
    var round = 0
    var next = 0
    var answered: [ProbeTarget: Output] = [:]
    var interval = 2.0
    var save: (_ round: Int, _ next: Int, _ answered: [ProbeTarget: Output]) -> Void
}

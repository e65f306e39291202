using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Hub.Core.FollowUps;

/// <summary>
/// The follow-ups this process started and has not seen finished, each with its safety message,
/// so that <see cref="FollowUpProcessor.FinishOpenAsync"/> can finish them now rather than when
/// their safety messages arrive (tests, and tools that want their work done before they exit).
/// Only a process's own writes are here, and only for twice the safety delay: after that their
/// safety messages are on the queue for any instance to take, and a follow-up another instance
/// finished is never seen here at all. So it is a shortcut for this process, never the way a
/// follow-up is found after a crash: that is its safety message.
/// </summary>
public sealed class StartedFollowUps(IOptions<FollowUpOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, (FollowUpAddress Address, SafetyMessage Safety, DateTimeOffset At)> _started = new(StringComparer.Ordinal);
    private long _prunedAt;

    internal void Add(FollowUpAddress address, SafetyMessage safety)
    {
        var now = clock.GetUtcNow();
        _started[address.Id] = (address, safety, now);
        var keep = 2 * options.Value.SafetyDelay;
        var pruned = Interlocked.Read(ref _prunedAt);
        if (now.UtcTicks - pruned < keep.Ticks || Interlocked.CompareExchange(ref _prunedAt, now.UtcTicks, pruned) != pruned)
        {
            return;
        }

        foreach (var (id, started) in _started)
        {
            if (now - started.At > keep)
            {
                _started.TryRemove(id, out _);
            }
        }
    }

    internal void Remove(string id) => _started.TryRemove(id, out _);

    /// <summary>What is here now, oldest first.</summary>
    public IReadOnlyList<(FollowUpAddress Address, SafetyMessage Safety)> Snapshot()
        => [.. _started.Values.OrderBy(started => started.Address.Id, StringComparer.Ordinal).Select(started => (started.Address, started.Safety))];
}

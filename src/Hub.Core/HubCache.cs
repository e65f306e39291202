using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Internal;
using Microsoft.Extensions.Options;

namespace Hub.Core;

/// <summary>
/// The one policy for what an instance keeps in memory (an entry readers read, the discussion
/// rules, a public list answer): the platform's <see cref="IMemoryCache"/>, every item kept for
/// <see cref="Expiry"/> and counted as one of <see cref="SizeLimit"/>. A change made through this
/// instance replaces or removes its item at once; other instances see it within <see cref="Expiry"/>.
/// The cache runs on the hub's <see cref="TimeProvider"/>, as every other time in the hub does.
/// </summary>
public static class HubCache
{
    /// <summary>How long an item is kept: how stale another instance's copy may be.</summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(10);

    /// <summary>Items kept at most (each counts 1); past it the cache compacts rather than grows.</summary>
    public const long SizeLimit = 10_000;

    /// <summary>How every item is kept.</summary>
    public static MemoryCacheEntryOptions Entry => new() { AbsoluteExpirationRelativeToNow = Expiry, Size = 1 };

    public static IServiceCollection AddHubCache(this IServiceCollection services)
    {
        services.AddMemoryCache(options => options.SizeLimit = SizeLimit);
        services.AddOptions<MemoryCacheOptions>().Configure<TimeProvider>((options, clock) => options.Clock = new HubClock(clock));
        return services;
    }

    /// <summary>A cache of its own with the same policy, for a class built without the container (tests, tools).</summary>
    public static IMemoryCache Create(TimeProvider clock) => new MemoryCache(Options.Create(new MemoryCacheOptions { SizeLimit = SizeLimit, Clock = new HubClock(clock) }));

    private sealed class HubClock(TimeProvider clock) : ISystemClock
    {
        public DateTimeOffset UtcNow => clock.GetUtcNow();
    }
}

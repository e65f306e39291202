using System.Diagnostics;
using CsCheck;
using Hub.Testing;
using Xunit.Abstractions;

namespace Hub.IntegrationTests.Reliability;

/// <summary>
/// Generated hostile input (CsCheck) on every public route and on the manage routes a signed-in
/// moderator uses: malformed and mistyped JSON, odd Unicode in every string, bodies over the
/// limits and cut short, bad cursors and limits, odd path segments, bad Content-Types. Whatever
/// arrives, the hub never answers 5xx; every 4xx is problem+json whose <c>status</c> is the HTTP
/// status (except the Functions host's own empty 404 for a path no function takes, and
/// Kestrel's own empty 400 for a path that decodes to a NUL, which no middleware ever sees); and
/// a refused request stores nothing (the moderation queues, the entry list and the audit log
/// read the same before and after it). A valid generated request may be accepted: each
/// anonymous request comes from a client address of its own, so the flood limit refuses only
/// what it should.
/// <para>
/// The classes that attack the entry API, the comment API, the moderation API and the settings
/// are one collection over one hub, seeded once: they run one at a time, one request at a time
/// (threads: 1), so that "before and after" means what it says. Each row is one kind of hostile
/// input on one route, so a failure names the route and the kind; its message names CsCheck's
/// seed and the request.
/// </para>
/// </summary>
[CollectionDefinition(Name)]
public sealed class HostileInputGroup : ICollectionFixture<HostileHub>
{
    public const string Name = "Hostile input";

    /// <summary>Every kind of body, one row each.</summary>
    public static TheoryData<BodyKind> BodyKinds => new(Enum.GetValues<BodyKind>());

    /// <summary>Every kind of entry id in a path, one row each.</summary>
    public static TheoryData<EntryIdKind> EntryIdKinds => new(Enum.GetValues<EntryIdKind>());
}

/// <summary>The hub every hostile-input class attacks, with what its seeding left to aim at.</summary>
public sealed class HostileHub : HubServer
{
    private HttpClient? _moderator;

    /// <summary>The signed-in moderator every manage request is sent as.</summary>
    public HttpClient ModeratorClient => _moderator!;

    internal World World { get; private set; } = null!;

    /// <summary>When each request of the whole run was answered, for <see cref="HostileScale"/>'s rate report.</summary>
    internal List<TimeSpan> Answered { get; } = [];

    internal Stopwatch Clock { get; } = Stopwatch.StartNew();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _moderator = Maintainer();
        _moderator.Timeout = TimeSpan.FromSeconds(30);
        World = await World.SeedAsync(this, _moderator);
    }

    public override async Task DisposeAsync()
    {
        HostileScale.Report(Answered);
        _moderator?.Dispose();
        await base.DisposeAsync();
    }
}

/// <summary>What a generated body is: each kind a row of its own, so a failure names which.</summary>
public enum BodyKind
{
    /// <summary>A body the hub may well accept: every member of the right type, odd Unicode in the text.</summary>
    Plausible,

    /// <summary>The route's object with members of any type, misspelled, twice or unknown; sometimes broken or cut short.</summary>
    MistypedOrBroken,

    /// <summary>Any other JSON value, two levels deep.</summary>
    AnyOtherJson,

    /// <summary>Nesting far past the reader's limit of 64, closed or not.</summary>
    NestedPastTheLimit,

    RandomBytes,

    /// <summary>Empty, a space, null, {}, a lone brace and the like.</summary>
    NearlyNothing,

    /// <summary>One member whose string fills the body to just under, at, or well past the route's limit.</summary>
    AroundTheSizeLimit,
}

/// <summary>Runs one hostile case: so many generated requests, each sent and checked.</summary>
internal static class HostileCase
{
    /// <summary>
    /// A kind's share of a route's requests: as often as it came up when one generator mixed
    /// all the kinds (weights 12, 12, 2, 1, 1, 1, 2), so the route sees the same input as before.
    /// </summary>
    public static int Share(BodyKind kind, int routeRequests)
    {
        var weight = kind switch
        {
            BodyKind.Plausible or BodyKind.MistypedOrBroken => 12,
            BodyKind.AnyOtherJson or BodyKind.AroundTheSizeLimit => 2,
            _ => 1,
        };
        return Math.Max(3, (int)Math.Round(routeRequests * weight / 31.0));
    }

    public static async Task CheckAsync(HostileHub hub, ITestOutputHelper output, Gen<HostileRequest> requests, int iterations)
    {
        var clock = Stopwatch.StartNew();
        var run = new Run(hub, hub.ModeratorClient);
        await run.StartAsync();
        try
        {
            await Check.SampleAsync(requests, request => run.SendAndCheckAsync(request), iter: iterations * HostileScale.Factor, threads: 1, print: request => request.Describe());
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            throw new Xunit.Sdk.XunitException(failure.InnerException is { } reason ? $"{failure.Message}\n{reason.Message}" : failure.Message);
        }
        finally
        {
            foreach (var (route, tally) in run.Tallies)
            {
                output.WriteLine($"  {route}: {tally}");
            }

            output.WriteLine($"hostile inputs: {run.Requests} requests, {run.ServerErrors} server errors, in {clock.Elapsed.TotalSeconds:F1} s");
        }
    }
}

using Microsoft.AspNetCore.Http;

namespace Hub.Functions.Http;

/// <summary>
/// The most one request may take. It replaces <see cref="HttpContext.RequestAborted"/> (which every
/// storage call and body read is given) with a token that also fires when the time is up, so a
/// storage service that hangs gets a 503 with Retry-After in seconds instead of holding the
/// request until the platform's own timeout. Started by the worker's middleware in Azure and by
/// the local host around each function.
/// </summary>
public sealed class RequestDeadline : IDisposable
{
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    private readonly HttpContext _context;
    private readonly CancellationToken _client;
    private readonly CancellationTokenSource _deadline;

    private RequestDeadline(HttpContext context, string invocationId, TimeSpan budget)
    {
        _context = context;
        InvocationId = invocationId;
        _client = context.RequestAborted;
        _deadline = CancellationTokenSource.CreateLinkedTokenSource(_client);
        _deadline.CancelAfter(budget);
        context.RequestAborted = _deadline.Token;
        context.Features.Set(this);
    }

    /// <summary>The invocation's id (the worker's, in Azure), for what is logged about this request.</summary>
    public string InvocationId { get; }

    /// <summary>The time ran out (and not because the client went away).</summary>
    public bool HasPassed => _deadline.IsCancellationRequested && !_client.IsCancellationRequested;

    /// <summary>The client closed the connection: there is nobody to answer.</summary>
    public bool ClientLeft => _client.IsCancellationRequested;

    /// <summary>Starts the deadline: <see cref="Budget"/> unless a test gives a shorter one.</summary>
    public static RequestDeadline Start(HttpContext context, string? invocationId = null, TimeSpan? budget = null)
        => new(context, invocationId ?? context.TraceIdentifier, budget ?? Budget);

    public static RequestDeadline? Of(HttpContext context) => context.Features.Get<RequestDeadline>();

    public void Dispose()
    {
        _context.RequestAborted = _client;
        _context.Features.Set<RequestDeadline>(null);
        _deadline.Dispose();
    }
}

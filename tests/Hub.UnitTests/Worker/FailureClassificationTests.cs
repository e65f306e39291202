using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Azure;
using Hub.Core.Storage;
using Hub.Functions;
using Hub.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hub.UnitTests.Worker;

/// <summary>
/// A request stopped by an exception: the client's request body (a phone on a bad network) is told
/// apart from storage that does not answer, so storage alerts fire for storage alone.
/// </summary>
public sealed class FailureClassificationTests
{
    public static TheoryData<string, Exception, bool, bool, FailureKind, int, int> Rows => new()
    {
        // what, exception, deadline passed, reading the body → kind, status, Retry-After
        { "deadline while a chunked body still arrives", new OperationCanceledException(), true, true, FailureKind.BodyTooSlow, 408, 0 },
        { "deadline while a storage call runs", new OperationCanceledException(), true, false, FailureKind.StorageTooSlow, 503, Problems.StorageBusyRetryAfterSeconds },
        { "a storage call's own timeout after the deadline", new TaskCanceledException("storage", new TimeoutException()), true, false, FailureKind.StorageTooSlow, 503, Problems.StorageBusyRetryAfterSeconds },
        { "Kestrel's minimum data rate", new BadHttpRequestException("Reading the request body timed out due to data arriving too slowly.", 408), false, true, FailureKind.BodyTooSlow, 408, 0 },
        { "Kestrel's minimum data rate, after the deadline", new BadHttpRequestException("too slowly", 408), true, true, FailureKind.BodyTooSlow, 408, 0 },
        { "Kestrel's body limit on a chunked body", new BadHttpRequestException("Request body too large.", 413), false, true, FailureKind.BodyTooLarge, 413, 0 },
        { "malformed chunked framing", new BadHttpRequestException("Bad chunk size data.", 400), false, true, FailureKind.BodyIncomplete, 400, 0 },
        { "the connection reset mid-body", new IOException("The client reset the request stream."), false, true, FailureKind.BodyIncomplete, 400, 0 },
        { "the client left mid-body", new OperationCanceledException(), false, true, FailureKind.BodyIncomplete, 400, 0 },
        { "storage down", new RequestFailedException(503, "unavailable"), false, false, FailureKind.StorageUnavailable, 503, Problems.StorageRetryAfterSeconds },
        { "storage down, seen first after the deadline", new RequestFailedException(503, "unavailable"), true, false, FailureKind.StorageUnavailable, 503, Problems.StorageRetryAfterSeconds },
        { "storage contended", new StorageBusyException("busy"), false, false, FailureKind.StorageUnavailable, 503, Problems.StorageBusyRetryAfterSeconds },
        { "a table gone", new RequestFailedException(404, "gone", "TableNotFound", null), false, false, FailureKind.TableMissing, 503, Problems.StorageBusyRetryAfterSeconds },
        { "a bug", new InvalidOperationException("a bug"), false, false, FailureKind.Bug, 500, 0 },
        { "a bug while reading the body", new InvalidOperationException("a bug"), true, true, FailureKind.Bug, 500, 0 },
        { "a cancellation with no deadline passed, outside the body", new OperationCanceledException(), false, false, FailureKind.Bug, 500, 0 },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Each_exception_is_the_clients_storages_or_a_bug(string what, Exception exception, bool deadlinePassed, bool readingBody, FailureKind kind, int status, int retryAfter)
    {
        var failure = ExceptionProblems.Classify(exception, deadlinePassed, readingBody);

        Assert.True(new RequestFailure(kind, status, retryAfter) == failure, $"{what}: {failure}");
        Assert.Equal(status < 500, failure.IsClients);
    }

    [Fact]
    public async Task A_deadline_that_fires_while_the_body_arrives_is_a_408_problem_logged_as_the_clients_not_storage()
    {
        var logs = new Logs();
        var http = Request(new StallingBody("{\"a\":"u8.ToArray()), logs);
        using var deadline = RequestDeadline.Start(http, "invocation-7", TimeSpan.FromMilliseconds(50));

        var (value, problem) = await JsonBody.ReadAsync(http.Request, FunctionsJsonContext.Default.MarkdownPreviewRequest);

        Assert.Null(value);
        var (status, body) = await ExecuteAsync(problem!, http);
        Assert.Equal(408, status);
        Assert.Equal(408, (int)body["status"]!);
        var logged = Assert.Single(logs.Lines);
        Assert.Equal(ExceptionProblems.BodyLogCategory, logged.Category);
        Assert.Equal(LogLevel.Information, logged.Level);
        Assert.Contains("invocation-7", logged.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Storage did not answer", logged.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_Kestrel_finds_too_slow_is_the_same_408()
    {
        var logs = new Logs();
        var http = Request(new FailingBody(new BadHttpRequestException("Reading the request body timed out due to data arriving too slowly.", 408)), logs);

        var (_, problem) = await FormBody.ReadCommentAsync(With(http, "application/x-www-form-urlencoded").Request, 1024);

        Assert.Equal(408, (await ExecuteAsync(problem!, http)).Status);
        Assert.Equal(LogLevel.Information, Assert.Single(logs.Lines).Level);
    }

    [Fact]
    public async Task A_bug_while_reading_the_body_is_thrown_on_to_the_exception_middleware()
    {
        var http = Request(new FailingBody(new InvalidOperationException("a bug")), new Logs());

        await Assert.ThrowsAsync<InvalidOperationException>(() => JsonBody.ReadAsync(http.Request, FunctionsJsonContext.Default.MarkdownPreviewRequest));
    }

    [Fact]
    public async Task A_deadline_that_fires_during_a_storage_call_stays_a_503_with_retry_after_and_a_failed_invocation()
    {
        var logs = new RecordingLogger<ExceptionMiddleware>();
        var http = new DefaultHttpContext { Response = { Body = new MemoryStream() } };
        using var deadline = RequestDeadline.Start(http, "invocation-8", TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAsync<TaskCanceledException>(() => new ExceptionMiddleware(logs).Invoke(new InvocationStub("invocation-8", http), _ => Task.Delay(Timeout.Infinite, http.RequestAborted)));

        Assert.Equal(503, http.Response.StatusCode);
        Assert.Equal(Problems.StorageBusyRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), http.Response.Headers.RetryAfter.ToString());
        var logged = Assert.Single(logs.Entries);
        Assert.Equal(LogLevel.Warning, logged.Level);
        Assert.Contains("Storage did not answer", logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_problem_that_reaches_the_exception_middleware_is_answered_not_counted_as_a_failed_invocation()
    {
        var logs = new RecordingLogger<ExceptionMiddleware>();
        var http = new DefaultHttpContext { Response = { Body = new MemoryStream() } };

        await new ExceptionMiddleware(logs).Invoke(new InvocationStub("invocation-9", http), _ => throw new BadHttpRequestException("Unexpected end of request content.", 400));

        Assert.Equal(400, http.Response.StatusCode);
        Assert.Equal("application/problem+json", http.Response.ContentType);
        Assert.Equal(LogLevel.Information, Assert.Single(logs.Entries).Level);
    }

    private static DefaultHttpContext Request(Stream body, Logs logs)
    {
        var services = new ServiceCollection().AddLogging(logging => logging.AddProvider(logs)).BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services, TraceIdentifier = "trace-1" };
        http.Request.Method = "PUT";
        http.Request.ContentType = "application/json";
        http.Request.Headers.TransferEncoding = "chunked";
        http.Request.Body = body;
        return http;
    }

    private static DefaultHttpContext With(DefaultHttpContext http, string contentType)
    {
        http.Request.ContentType = contentType;
        return http;
    }

    private static async Task<(int Status, JsonNode Body)> ExecuteAsync(IResult result, DefaultHttpContext http)
    {
        var answer = new MemoryStream();
        http.Response.Body = answer;
        http.RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider();
        await result.ExecuteAsync(http);
        return (http.Response.StatusCode, JsonNode.Parse(answer.ToArray())!);
    }

    /// <summary>A chunked body that sends its start, then nothing more, as a phone that lost its network.</summary>
    private sealed class StallingBody(byte[] start) : MemoryStream(start)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await base.ReadAsync(buffer, cancellationToken);
            if (read > 0)
            {
                return read;
            }

            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }
    }

    private sealed class FailingBody(Exception failure) : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromException<int>(failure);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromException<int>(failure);
    }

    private sealed class Logs : ILoggerProvider
    {
        private readonly ConcurrentQueue<(string Category, LogLevel Level, string Text)> _lines = new();

        public IReadOnlyList<(string Category, LogLevel Level, string Text)> Lines => [.. _lines];

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string)> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                => lines.Enqueue((category, logLevel, formatter(state, exception)));
        }
    }
}

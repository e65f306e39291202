using Azure;
using Azure.Data.Tables;
using Hub.Core.Storage;

namespace Hub.Core.FollowUps;

/// <summary>
/// One write through the outbox (see <see cref="FollowUpOutbox"/>), from its safety message to its
/// start message. Use it with <c>await using</c>: disposing it starts the follow-up of a committed
/// change, deletes the safety message of a refused one, and leaves to the safety message one whose
/// commit's answer was lost and could not be checked.
/// </summary>
public sealed class OutboxWrite : IAsyncDisposable
{
    private readonly FollowUpOutbox _outbox;
    private readonly SafetyMessage _safety;
    private readonly long _opened;
    private State _state = State.Open;

    internal OutboxWrite(FollowUpOutbox outbox, FollowUpAddress address, DateTimeOffset at, SafetyMessage safety, long opened)
    {
        _outbox = outbox;
        Address = address;
        At = at;
        _safety = safety;
        _opened = opened;
    }

    private enum State
    {
        Open,
        Committed,
        Refused,

        /// <summary>The commit's answer was lost and the check could not tell: the safety message decides.</summary>
        Unknown,
    }

    public FollowUpAddress Address { get; }

    /// <summary>When the write began: the time the change and its audit row carry.</summary>
    public DateTimeOffset At { get; }

    public bool Committed => _state == State.Committed;

    /// <summary>
    /// Commits <paramref name="change"/> (actions in the partition the write was opened for) with
    /// the record of <paramref name="work"/>, in one entity group transaction. A refusal of the
    /// change (a <see cref="TableTransactionFailedException"/> with a 4xx status, at the index of
    /// the action refused) is thrown as it is, and the write may be tried again. When the answer
    /// is lost (a timeout, the request's deadline, a 5xx), the change may still have committed:
    /// the record says whether it did, and a committed change returns null here rather than a 503
    /// that would invite a second one. No try is sent once <see cref="FollowUpOutbox.CommitWindow"/>
    /// has passed since the write opened (a <see cref="StorageBusyException"/>, nothing changed), so
    /// the safety message never arrives before a change that could still commit.
    /// </summary>
    /// <returns>The transaction's answers (for the change's new ETags), or null when it committed but its answer was lost.</returns>
    public async Task<IReadOnlyList<Response>?> CommitAsync(IEnumerable<TableTransactionAction> change, FollowUp work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (_state == State.Committed)
        {
            throw new InvalidOperationException($"The follow-up {Address.Id} has committed already.");
        }

        var left = _outbox.CommitTimeLeft(_opened);
        if (left <= TimeSpan.Zero)
        {
            throw new StorageBusyException($"The change was not sent within {FollowUpOutbox.CommitWindow} of opening its follow-up; nothing changed.");
        }

        var table = await _outbox.TableAsync(Address.Table, cancellationToken);
        var record = FollowUpRecord.For(Address, At, work);
        using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        window.CancelAfter(left);

        // From here until the answer, whatever is thrown, the change may have committed: only the safety message may close it.
        _state = State.Unknown;
        try
        {
            var answers = await table.SubmitTransactionAsync([.. change, new TableTransactionAction(TableTransactionActionType.Add, record)], window.Token);
            _state = State.Committed;
            return answers.Value;
        }
        catch (TableTransactionFailedException refused) when (refused.Status is >= 400 and < 500)
        {
            _state = State.Refused;
            throw;
        }
        catch (Exception exception) when (exception is OperationCanceledException or TimeoutException or RequestFailedException)
        {
            if (await _outbox.CommittedAsync(Address))
            {
                _state = State.Committed;
                return null;
            }

            if (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new StorageBusyException($"Storage did not answer the change within {FollowUpOutbox.CommitWindow} of opening its follow-up.", exception);
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        switch (_state)
        {
            case State.Committed:
                await _outbox.DispatchAsync(Address, _safety);
                break;
            case State.Open or State.Refused:
                await _outbox.AbandonAsync(Address, _safety);
                break;
        }
    }
}

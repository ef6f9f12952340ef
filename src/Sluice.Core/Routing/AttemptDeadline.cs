using Sluice.Core.Errors;

namespace Sluice.Core.Routing;

/// <summary>
/// The timeouts of one attempt: the request timeout for the whole attempt and, for streams, the first-token
/// timeout until the first content. Exists only when the request set a timeout.
/// </summary>
internal sealed class AttemptDeadline : IDisposable
{
    private const int None = 0, Request = 1, FirstToken = 2;

    private readonly CancellationTokenSource _cts;
    private readonly ITimer? _requestTimer;
    private ITimer? _firstTokenTimer;
    private readonly TimeSpan _requestLimit;
    private readonly TimeSpan _firstTokenLimit;
    private int _fired;

    private AttemptDeadline(RouteCall call, bool stream, TimeProvider time, CancellationToken ct)
    {
        _cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (call.RequestTimeout is { } request)
        {
            _requestLimit = request;
            _requestTimer = time.CreateTimer(static s => ((AttemptDeadline)s!).Fire(Request), this, request, Timeout.InfiniteTimeSpan);
        }

        if (stream && call.FirstTokenTimeout is { } first)
        {
            _firstTokenLimit = first;
            _firstTokenTimer = time.CreateTimer(static s => ((AttemptDeadline)s!).Fire(FirstToken), this, first, Timeout.InfiniteTimeSpan);
        }
    }

    public CancellationToken Token => _cts.Token;

    /// <summary>A deadline when the call has a timeout that applies, else null (and no allocation).</summary>
    public static AttemptDeadline? Start(RouteCall call, bool stream, TimeProvider time, CancellationToken ct) =>
        call.RequestTimeout is null && (!stream || call.FirstTokenTimeout is null) ? null : new AttemptDeadline(call, stream, time, ct);

    /// <summary>The first content arrived: the first-token timeout no longer applies.</summary>
    public void FirstTokenArrived()
    {
        Interlocked.Exchange(ref _firstTokenTimer, null)?.Dispose();
    }

    /// <summary>The timeout error when a timeout ended the attempt, else null.</summary>
    public GatewayError? Error(RoutingTarget target) => Volatile.Read(ref _fired) switch
    {
        Request => RoutingErrors.RequestTimeout(target, _requestLimit),
        FirstToken => RoutingErrors.FirstTokenTimeout(target, _firstTokenLimit),
        _ => null,
    };

    public void Dispose()
    {
        _requestTimer?.Dispose();
        Interlocked.Exchange(ref _firstTokenTimer, null)?.Dispose();
        _cts.Dispose();
    }

    private void Fire(int kind)
    {
        if (Interlocked.CompareExchange(ref _fired, kind, None) != None) return;
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The attempt ended as the timer fired.
        }
    }
}

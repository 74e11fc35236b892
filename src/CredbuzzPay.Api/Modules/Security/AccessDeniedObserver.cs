using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Security.Contracts;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Http;
using CredbuzzPay.Api.Platform.Security;

namespace CredbuzzPay.Api.Modules.Security;

/// <summary>
/// Reports every refusal (403) as an <see cref="SignalKinds.AccessDenied"/> signal, after the answer
/// has been sent, so bursts of denied requests by one user or from one address raise an alert. The
/// blocklist's own refusals are not counted (the gate answers before observers are attached).
/// </summary>
internal sealed class AccessDeniedObserver : IResponseObserver
{
    private readonly AppDbFactory _factory;
    private readonly ISecuritySignals _signals;
    private readonly IUserDirectory _users;

    public AccessDeniedObserver(AppDbFactory factory, ISecuritySignals signals, IUserDirectory users)
    {
        _factory = factory;
        _signals = signals;
        _users = users;
    }

    public async Task ObserveAsync(HttpContext context)
    {
        if (context.Response.StatusCode != StatusCodes.Status403Forbidden)
        {
            return;
        }
        var userCode = context.User.Identity?.IsAuthenticated == true ? context.User.Identity.Name : null;
        // The matched pattern, kept past the exception handler (which clears the endpoint of a 403 raised in a handler).
        var route = Platform.Metrics.MetricsEndpoint.MatchedRoute(context) ?? "unmatched";
        var subject = $"{context.Request.Method} {route}";
        await using var db = _factory.Create();
        var user = userCode is null ? null : await _users.FindByCodeAsync(db, userCode);
        await _signals.ReportAsync(db, new SecuritySignal(SignalKinds.AccessDenied, ClientAddresses.Of(context), user?.Id, user?.UserCode, user?.BranchCode,
            subject.Length > 64 ? subject[..64] : subject));
    }
}

using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Modules.Identity.Otp;
using CredbuzzPay.Api.Modules.Identity.Sessions;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Identity.Features.Login;

public sealed record OtpGenerateRequest(string? Mobile);

public sealed record OtpVerifyRequest(string? Mobile, string? Otp);

/// <summary>
/// Seed 002's sign-in for clients: <c>auth/otp/generate/</c> sends a login code to the mobile, <c>auth/otp/verify/</c> opens a
/// <c>mobile_app</c> session with it. Only customers (role user, tier customer) who are active, unlocked and allowed the
/// mobile app; never staff, retailers or distributors (they sign in with a password and the second factor). The OTP rules
/// are the login's (lifetime, 3 wrong codes then 15 minutes, resend cooldown, daily cap), and every answer is the same
/// whether or not the number has such an account: generate always says a code may be on its way; verify refuses a wrong
/// code, an unknown number and a number that asked for nothing with the same 400.
/// </summary>
internal sealed class ClientOtpLogin
{
    public const string Sent = "If this number belongs to a client account, a code is on its way; ask again after 30 seconds if it does not arrive.";
    private const string Refusal = "The code is wrong or has expired; ask for a new one.";
    private static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(5);
    private readonly AppDb _db;
    private readonly OtpService _otp;
    private readonly CompleteLogin _complete;
    private readonly IOptionsMonitor<IdentityOptions> _options;
    private readonly TimeProvider _clock;

    public ClientOtpLogin(AppDb db, OtpService otp, CompleteLogin complete, IOptionsMonitor<IdentityOptions> options, TimeProvider clock)
    {
        _db = db;
        _otp = otp;
        _complete = complete;
        _options = options;
        _clock = clock;
    }

    public async Task<MessageResponse> GenerateAsync(OtpGenerateRequest request, CancellationToken cancellationToken)
    {
        var user = await ClientAsync(request.Mobile, cancellationToken);
        if (user is null)
        {
            return new MessageResponse(Sent);
        }
        var now = _clock.GetUtcNow().UtcDateTime;
        var pending = await OpenLoginAsync(user.Id, now, cancellationToken);
        try
        {
            await using var transaction = await _db.BeginTransactionAsync(cancellationToken);
            if (pending is null)
            {
                var login = new PendingLogin
                {
                    RequestId = Guid.CreateVersion7(_clock.GetUtcNow()), UserId = user.Id, Platform = Platforms.MobileApp, Device = "otp sign-in",
                    ExpiresAt = now + PendingLifetime, CreatedAt = now,
                };
                await _db.InsertAsync(login, token: cancellationToken);
                await _otp.IssueAsync(_db, login.RequestId, OtpPurposes.Login, Platform.Notifications.Channels.Sms, user.Mobile, user.Id, cancellationToken);
            }
            else
            {
                await _otp.ResendAsync(_db, pending.RequestId, OtpPurposes.Login, Platform.Notifications.Channels.Sms, user.Mobile, cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        catch (ApiProblemException refusal) when (refusal.Status == StatusCodes.Status429TooManyRequests)
        {
            // The cooldown, the daily cap or a block held: nothing is sent, and the answer is the one an unknown number gets.
        }
        return new MessageResponse(Sent);
    }

    public async Task<TokensResponse> VerifyAsync(OtpVerifyRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        var user = await ClientAsync(request.Mobile, cancellationToken) ?? throw Refused();
        var pending = await OpenLoginAsync(user.Id, _clock.GetUtcNow().UtcDateTime, cancellationToken) ?? throw Refused();
        try
        {
            return await _complete.HandleAsync(new VerifyLoginOtpRequest(pending.RequestId, request.Otp), http, cancellationToken);
        }
        catch (ApiProblemException refusal) when (refusal.Status is StatusCodes.Status400BadRequest or StatusCodes.Status404NotFound)
        {
            throw Refused();
        }
    }

    public bool Enabled => _options.CurrentValue.ClientOtpSignIn;

    /// <summary>The customer this mobile signs in, when OTP sign-in may serve them; null for anyone else.</summary>
    private async Task<UserAccount?> ClientAsync(string? mobile, CancellationToken cancellationToken)
    {
        if (!ContactFormats.TryNormalizeMobile(mobile, out var normalized))
        {
            return null;
        }
        var now = _clock.GetUtcNow().UtcDateTime;
        var user = await _db.GetTable<UserAccount>().FirstOrDefaultAsync(u => u.Mobile == normalized && u.DeletedAt == null, cancellationToken);
        return user is { Role: Roles.User, Tier: Tiers.Customer, Status: UserStatuses.Active } && !AccountLockout.IsLocked(user, now)
            && await SessionStore.PlatformAllowedAsync(_db, user.Id, Platforms.MobileApp, cancellationToken)
            ? user : null;
    }

    private Task<PendingLogin?> OpenLoginAsync(Guid userId, DateTime now, CancellationToken cancellationToken) =>
        _db.GetTable<PendingLogin>()
            .Where(p => p.UserId == userId && p.Platform == Platforms.MobileApp && p.Device == "otp sign-in" && p.CompletedAt == null && p.ExpiresAt > now)
            .OrderByDescending(p => p.CreatedAt).FirstOrDefaultAsync(cancellationToken);

    private static ApiProblemException Refused() => ApiProblemException.Validation("otp", Refusal);
}

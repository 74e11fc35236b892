using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Modules.Identity.Otp;
using CredbuzzPay.Api.Modules.Identity.Passwords;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Privacy;
using LinqToDB;
using Microsoft.Extensions.Options;

using Security = CredbuzzPay.Api.Modules.Security;

namespace CredbuzzPay.Api.Modules.Identity.Features.Register;

/// <summary>
/// <c>POST auth/register/initiate</c>: checks the details, keeps them (password hashed) as a pending
/// registration and sends one code to the email and a different one to the mobile. Nothing is
/// written to <c>users</c> yet.
/// </summary>
internal sealed class InitiateRegistration
{
    private readonly AppDb _db;
    private readonly OtpService _otp;
    private readonly PasswordHasher _hasher;
    private readonly IAuditTrail _audit;
    private readonly IOptions<IdentityOptions> _options;
    private readonly TimeProvider _clock;

    private readonly Security.Contracts.ISecuritySignals _signals;
    private readonly ILogger<InitiateRegistration> _logger;

    public InitiateRegistration(AppDb db, OtpService otp, PasswordHasher hasher, IAuditTrail audit, IOptions<IdentityOptions> options, TimeProvider clock,
        Security.Contracts.ISecuritySignals signals, ILogger<InitiateRegistration> logger)
    {
        _signals = signals;
        _logger = logger;
        _db = db;
        _otp = otp;
        _hasher = hasher;
        _audit = audit;
        _options = options;
        _clock = clock;
    }

    public async Task<InitiateRegistrationResponse> HandleAsync(InitiateRegistrationRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        var email = ContactFormats.NormalizeEmail(request.Email!);
        ContactFormats.TryNormalizeMobile(request.Mobile, out var mobile);
        await UserContacts.EnsureFreeAsync(_db, email, mobile, cancellationToken);

        var passwordHash = await _hasher.HashAsync(request.Password!, cancellationToken);
        var now = _clock.GetUtcNow();
        var pending = new PendingRegistration
        {
            RequestId = Guid.CreateVersion7(now),
            Email = email,
            Mobile = mobile,
            FirstName = request.FirstName?.Trim() ?? "",
            LastName = request.LastName?.Trim() ?? "",
            PasswordHash = passwordHash,
            ExpiresAt = now.UtcDateTime.AddMinutes(_options.Value.RegistrationWindowMinutes),
            CreatedAt = now.UtcDateTime,
            NoticeVersion = request.NoticeVersion,
            MarketingConsent = request.MarketingConsent,
            ConsentIp = request.NoticeVersion is null ? null : Platform.Http.ClientAddresses.Of(http),
            ConsentUserAgent = request.NoticeVersion is null ? null : http.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent[..Math.Min(agent.Length, 255)] : null,
        };
        await using var transaction = await _db.BeginTransactionAsync(cancellationToken);
        await _db.InsertAsync(pending, token: cancellationToken);
        await _otp.IssueAsync(_db, pending.RequestId, OtpPurposes.Registration, RegistrationChannels.ToOutbox(RegistrationChannels.Email), email, null, cancellationToken);
        await _otp.IssueAsync(_db, pending.RequestId, OtpPurposes.Registration, RegistrationChannels.ToOutbox(RegistrationChannels.Mobile), mobile, null, cancellationToken);
        await _audit.RecordAsync(_db, new AuditEvent("registration.initiated", "registration", pending.RequestId.ToString(),
            new { email = Masks.Email(email), mobile = Masks.Phone(mobile) }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        _logger.LogInformation("Registration {RequestId} initiated for {Email} / {Mobile} from {ClientIp}", pending.RequestId, Masks.Email(email), Masks.Phone(mobile),
            Platform.Http.ClientAddresses.Of(http));
        await _signals.ReportAsync(_db, new Security.Contracts.SecuritySignal(Security.Contracts.SignalKinds.RegistrationStarted,
            Platform.Http.ClientAddresses.Of(http), Subject: Masks.Email(email)), cancellationToken);

        return new InitiateRegistrationResponse(pending.RequestId, true, "OTP sent to email and SMS");
    }
}

using System.Security.Cryptography;
using System.Text;
using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Platform.Secrets;
using CredbuzzPay.Api.Platform.Security;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CredbuzzPay.Api.Modules.Identity.Sessions;

/// <summary>
/// Access tokens (JWT, HMAC-SHA256, 15 minutes, carrying user code, role, branch, platform and the
/// session id) and refresh tokens (32 random bytes, given to the client once, stored as an HMAC).
/// </summary>
internal sealed class Tokens
{
    public const string UserCodeClaim = "user_code";
    public const string RoleClaim = "role";
    public const string BranchClaim = "branch";
    public const string SessionClaim = "sid";
    public const string PlatformClaim = "platform";

    private readonly byte[] _signingKey;
    private readonly JwtOptions _jwt;
    private readonly TimeProvider _clock;
    private readonly JsonWebTokenHandler _handler = new();

    public Tokens(KeyRing keys, IOptions<JwtOptions> jwt, TimeProvider clock)
    {
        _signingKey = keys.GetArray(KeyNames.JwtSigning);
        _jwt = jwt.Value;
        _clock = clock;
    }

    public TimeSpan RefreshLifetime => TimeSpan.FromDays(_jwt.RefreshTokenDays);

    public string Access(UserAccount user, UserSession session)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _jwt.Issuer,
            Audience = _jwt.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(_jwt.AccessTokenMinutes),
            Claims = new Dictionary<string, object>
            {
                [UserCodeClaim] = user.UserCode,
                [RoleClaim] = user.Role,
                [BranchClaim] = user.BranchCode ?? "",
                [SessionClaim] = session.Id.ToString(),
                [PlatformClaim] = session.Platform,
                [JwtRegisteredClaimNames.Jti] = Guid.CreateVersion7().ToString("N"),
            },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(_signingKey), SecurityAlgorithms.HmacSha256),
        });
    }

    public static string NewRefreshToken() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    public string HashRefresh(string token) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_signingKey, Encoding.UTF8.GetBytes("refresh:" + token)));
}

using System.ComponentModel.DataAnnotations;

namespace CredbuzzPay.Api.Platform.Security;

/// <summary>Settings of section <c>Jwt</c>; the signing key is <c>Secrets:Keys:JwtSigning</c>.</summary>
public sealed class JwtOptions
{
    public const string Section = "Jwt";

    [Required]
    public string Issuer { get; set; } = "credbuzzpay";

    [Required]
    public string Audience { get; set; } = "credbuzzpay-api";

    [Range(1, 60)]
    public int AccessTokenMinutes { get; set; } = 15;

    [Range(1, 90)]
    public int RefreshTokenDays { get; set; } = 7;

    [Range(0, 30)]
    public int ClockSkewSeconds { get; set; } = 30;
}

using System.ComponentModel.DataAnnotations;

namespace CredbuzzPay.Api.Platform.AdminPages;

/// <summary>The admin console's settings (<c>AdminConsole:*</c>).</summary>
public sealed class AdminPagesOptions
{
    public const string Section = "AdminConsole";

    /// <summary>Minutes without a request after which a console session ends (30 by default).</summary>
    [Range(5, 480)]
    public int IdleMinutes { get; set; } = 30;

    /// <summary>
    /// Whether the console's cookies carry the Secure flag (true outside Development). Turn it off only where
    /// the console is reached over plain HTTP on a trusted machine: Development and the browser tests.
    /// </summary>
    public bool SecureCookies { get; set; } = true;
}

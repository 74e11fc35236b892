namespace CredbuzzPay.Api.Platform.Logging;

/// <summary>
/// Decides which file a log event goes to from its category (the logging class's full name), so a
/// module just takes an <c>ILogger&lt;T&gt;</c> and its lines land in its module's file.
/// </summary>
internal sealed class LogRoutes
{
    public const string AccessLogCategory = "CredbuzzPay.Api.Platform.Http.ApiAccessLog";
    public const string DefaultFile = "app";

    internal static readonly string[] Files = ["auth", "otp", "kyc", "ledger", "admin", "api", "app"];

    private static readonly Dictionary<string, string[]> Defaults = new(StringComparer.OrdinalIgnoreCase)
    {
        ["auth"] = ["CredbuzzPay.Api.Modules.Identity"],
        ["otp"] = ["CredbuzzPay.Api.Modules.Identity.Otp", "CredbuzzPay.Api.Platform.Otp"],
        ["kyc"] = ["CredbuzzPay.Api.Modules.Kyc"],
        ["ledger"] = ["CredbuzzPay.Api.Modules.Ledger"],
        ["admin"] = ["CredbuzzPay.Api.Modules.Access", "CredbuzzPay.Api.Modules.Audit", "CredbuzzPay.Api.Modules.Identity.Features.UserAdmin",
            "CredbuzzPay.Api.Modules.Identity.Features.CreateSuperuser"],
        ["api"] = [AccessLogCategory],
    };

    private readonly (string Prefix, string File)[] _prefixes;

    public LogRoutes(IReadOnlyDictionary<string, string[]> extra)
    {
        _prefixes = Defaults.Concat(extra)
            .SelectMany(route => route.Value.Select(prefix => (Prefix: prefix, File: route.Key.ToLowerInvariant())))
            .OrderByDescending(route => route.Prefix.Length)
            .ToArray();
    }

    public IEnumerable<string> AllFiles => Files.Concat(_prefixes.Select(p => p.File)).Distinct();

    public string FileFor(string? category)
    {
        if (category is null)
        {
            return DefaultFile;
        }
        foreach (var (prefix, file) in _prefixes)
        {
            if (category.StartsWith(prefix, StringComparison.Ordinal)
                && (category.Length == prefix.Length || category[prefix.Length] is '.' or '+' or '`'))
            {
                return file;
            }
        }
        return DefaultFile;
    }
}

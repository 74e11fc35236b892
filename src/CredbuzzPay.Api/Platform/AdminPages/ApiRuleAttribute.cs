namespace CredbuzzPay.Api.Platform.AdminPages;

/// <summary>
/// The API endpoint whose authorisation rule a console page (on its class) or page handler (on its
/// method) enforces, as <c>"METHOD /api/v1/path/pattern"</c>, so the console never keeps a second copy of a
/// permission rule. <see cref="AnyConsoleUser"/> marks a page every signed-in console user may open
/// (the dashboard, whose panels each check their own rule).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class ApiRuleAttribute(string rule) : Attribute
{
    public const string AnyConsoleUser = "console";

    public string Rule { get; } = rule;
}

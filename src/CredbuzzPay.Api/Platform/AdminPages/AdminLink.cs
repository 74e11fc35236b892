namespace CredbuzzPay.Api.Platform.AdminPages;

/// <summary>
/// One entry of the console's navigation, registered by the module that owns the page
/// (<c>services.AddSingleton(new AdminLink(...))</c>). It shows only to those whom <see cref="Rule"/> lets in,
/// the same rule the page itself enforces (an API endpoint's, see <see cref="ApiRules"/>).
/// </summary>
public sealed record AdminLink(string Section, string Title, string Path, string Rule, int Order = 100);

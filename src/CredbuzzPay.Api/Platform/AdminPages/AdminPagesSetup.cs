using System.Reflection;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Platform.AdminPages;

/// <summary>
/// The admin console's plumbing (docs/console.md, ADR 008): Razor Pages under <c>/admin/</c> found anywhere in
/// the project (each module keeps its pages in its own <c>Pages</c> folder), all behind the console policy (the
/// identity module defines it and the cookie scheme), antiforgery on every form, the rule filter, and the
/// stylesheet and script served from the assembly.
/// </summary>
internal static class AdminPagesSetup
{
    /// <summary>The authentication scheme of the console's cookie session (registered by the identity module).</summary>
    public const string Scheme = "Console";

    /// <summary>The policy every console page sits behind: a console session of a staff member or auditor (defined by the identity module).</summary>
    public const string Policy = "console";

    public const string CookiePath = "/admin";

    private static readonly Dictionary<string, string> Assets = new(StringComparer.Ordinal)
    {
        ["console.css"] = "text/css; charset=utf-8",
        ["console.js"] = "text/javascript; charset=utf-8",
    };

    public static IServiceCollection AddAdminPages(this IServiceCollection services)
    {
        services.AddOptions<AdminPagesOptions>().BindConfiguration(AdminPagesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/";
            o.Conventions.AuthorizeFolder("/", Policy);
        }).AddMvcOptions(o => o.Filters.AddService<ConsoleRules>());
        services.AddSingleton<ConsoleRules>();
        services.AddSingleton<ApiRules>();
        services.AddSingleton<ConsoleShell>();
        services.AddSingleton<DatabaseKeyRepository>();
        services.AddSingleton<Secrets.IKeyRotation>(sp => sp.GetRequiredService<DatabaseKeyRepository>());
        services.AddDataProtection().SetApplicationName("CredbuzzPay");
        services.AddOptions<KeyManagementOptions>().Configure<DatabaseKeyRepository>((o, repository) => o.XmlRepository = repository);
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "cbz_console_af";
            o.Cookie.Path = CookiePath;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
            o.FormFieldName = "__RequestVerificationToken";
            o.SuppressXFrameOptionsHeader = true;
        });
        services.AddOptions<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>().Configure<IOptions<AdminPagesOptions>>((o, console) =>
            o.Cookie.SecurePolicy = console.Value.SecureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest);
        services.AddOptions<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>().Configure<IOptions<AdminPagesOptions>>((o, console) =>
        {
            o.Cookie.Name = "cbz_console_note";
            o.Cookie.Path = CookiePath;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = console.Value.SecureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        });
        return services;
    }

    /// <summary>
    /// With Secure cookies (outside Development) the console answers only requests that came over HTTPS
    /// (directly, or through a configured proxy that says so): over plain HTTP its session cookie could not
    /// be kept secret, so it is refused with a page that says why instead of failing later.
    /// </summary>
    public static Task RequireHttps(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.StartsWithSegments(CookiePath) && !context.Request.Path.StartsWithSegments("/admin/assets") && !context.Request.IsHttps
            && context.RequestServices.GetRequiredService<IOptions<AdminPagesOptions>>().Value.SecureCookies)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "text/html; charset=utf-8";
            return context.Response.WriteAsync("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>HTTPS required · CredbuzzPay console</title></head>" +
                "<body><h1>403 · HTTPS required</h1><p>The console is served over HTTPS only. Reach it through the TLS proxy " +
                "(listed in Http:TrustedProxies), or, on a trusted developer machine, set AdminConsole:SecureCookies to false.</p></body></html>");
        }
        return next(context);
    }

    public static WebApplication MapAdminPages(this WebApplication app)
    {
        app.MapGet("/admin/assets/{name}", (string name, HttpContext http) =>
        {
            if (!Assets.TryGetValue(name, out var type))
            {
                return Results.NotFound();
            }
            var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("CredbuzzPay.Api.Platform.AdminPages.assets." + name)!;
            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Stream(stream, type);
        }).AllowAnonymous().ExcludeFromDescription();
        app.MapRazorPages();
        return app;
    }
}

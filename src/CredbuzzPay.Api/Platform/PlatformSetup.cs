using System.Net;
using System.Text.Json;
using System.Threading.RateLimiting;
using CredbuzzPay.Api.Platform.Cli;
using CredbuzzPay.Api.Platform.Crypto;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.AdminPages;
using CredbuzzPay.Api.Platform.Health;
using CredbuzzPay.Api.Platform.Http;
using CredbuzzPay.Api.Platform.Jobs;
using CredbuzzPay.Api.Platform.Logging;
using CredbuzzPay.Api.Platform.Notifications;
using CredbuzzPay.Api.Platform.OpenApi;
using CredbuzzPay.Api.Platform.Secrets;
using CredbuzzPay.Api.Platform.Security;
using CredbuzzPay.Api.Platform.Storage;
using FluentValidation;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Platform;

/// <summary>The shared plumbing every module stands on, wired in one place.</summary>
internal static class PlatformSetup
{
    public const string DefaultUrl = "http://localhost:8000";

    public static WebApplicationBuilder AddPlatform(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
        builder.AddModuleLogFiles();
        // Kestrel's own limits sit above ours so that an oversized request line or header block reaches
        // RequestShape and is refused with a problem body, not Kestrel's bodiless one.
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestLineSize = RequestShape.KestrelLineAndHeaderBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = RequestShape.KestrelLineAndHeaderBytes;
        });
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddSingleton(TimeProvider.System);
        var minimumThreads = configuration.GetValue($"{HttpOptions.Section}:{nameof(HttpOptions.MinWorkerThreads)}", new HttpOptions().MinWorkerThreads);
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, minimumThreads), completionPorts);
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section);
        services.AddOptions<SecretsOptions>().BindConfiguration(SecretsOptions.Section);
        services.AddOptions<HttpOptions>().BindConfiguration(HttpOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.TrustedProxies.All(ClientAddresses.IsAddressOrNetwork), "Http:TrustedProxies holds an entry that is neither an IP address nor a CIDR network.")
            .ValidateOnStart();
        services.AddSingleton<KeyRing>();
        services.AddSingleton<SecretBox>();

        // Database: resolved once at start so a wrong provider or a missing connection string stops the start.
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var provider = database.ParsedProvider;
        var connectionString = ConnectionStrings.Resolve(configuration, provider, storage.FullDataDirectory);
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(new AppDbFactory(provider, connectionString, database.CommandTimeoutSeconds));
        services.AddScoped(sp => sp.GetRequiredService<AppDbFactory>().Create());
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<ICliCommand, MigrateCommand>();
        services.AddSingleton<SqliteBackups>();
        services.AddSingleton<ICliCommand, BackupCommand>();
        services.AddSingleton<ICliCommand, RestoreCommand>();
        services.AddSingleton<ICliCommand, Secrets.RotateKeysCommand>();
        services.AddSingleton<ICliCommand, SeedDemoCommand>();

        // API conventions.
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
            json.SerializerOptions.Converters.Add(new UtcDateTimeConverter());
            // A key given twice is ambiguous: which one did the client mean?
            json.SerializerOptions.AllowDuplicateProperties = false;
        });
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Detail ??= DefaultDetail(context.ProblemDetails.Status);
            // The framework knows the RFC 9110 statuses; the rest get theirs here (RFC 9457: about:blank means "just the status").
            context.ProblemDetails.Type ??= context.ProblemDetails.Status switch
            {
                429 => "https://tools.ietf.org/html/rfc6585#section-4",
                431 => "https://tools.ietf.org/html/rfc6585#section-5",
                _ => "about:blank",
            };
            context.ProblemDetails.Extensions["correlation_id"] = CorrelationId.Of(context.HttpContext);
            context.ProblemDetails.Extensions.Remove("traceId");
            context.ProblemDetails.Extensions.Remove("trace_id");
        });
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddValidatorsFromAssemblyContaining<HttpOptions>(ServiceLifetime.Singleton, includeInternalTypes: true);
        services.AddCors(o => o.AddDefaultPolicy(policy =>
        {
            var origins = configuration.GetSection($"{HttpOptions.Section}:CorsOrigins").Get<string[]>() ?? [];
            policy.WithOrigins(origins)
                .WithHeaders("Authorization", "Content-Type", CorrelationId.Header, "Idempotency-Key")
                .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
                .WithExposedHeaders(CorrelationId.Header, "Retry-After");
        }));
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var permits = context.RequestServices.GetRequiredService<IOptions<HttpOptions>>().Value.PermitsPerMinutePerIp;
                return RateLimitPartition.GetFixedWindowLimiter(
                    ClientAddresses.PartitionKey(context),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
            o.OnRejected = (context, cancellationToken) => WriteTooManyRequestsAsync(context, cancellationToken);
        });
        // ASP.NET Core believes X-Forwarded-For from anyone when both trusted lists are empty, so the
        // middleware runs only when proxies are configured, and then believes only those (ClientAddresses.TrustedProxies).
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = null;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var network in ClientAddresses.Networks(configuration.GetSection($"{HttpOptions.Section}:TrustedProxies").Get<string[]>() ?? []))
            {
                o.KnownIPNetworks.Add(network);
            }
        });
        services.AddApiAuthentication();
        services.AddApiDocuments();
        services.AddHealth();
        services.AddAdminPages();

        // Delivery and scheduled work.
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.Mode is "pickup" or "send", "Notifications:Mode must be pickup or send.")
            .ValidateOnStart();
        services.AddSingleton<IOutbox, Outbox>();
        services.AddSingleton<Secrets.IKeyRotation, OutboxKeyRotation>();
        services.AddSingleton<PickupFile>();
        services.AddSingleton<Metrics.RequestMetrics>();
        services.AddOptions<Metrics.MetricsOptions>().BindConfiguration(Metrics.MetricsOptions.Section);
        services.AddSingleton<OutboxMonitor>();
        services.AddSingleton<SmtpEmailSender>();
        services.AddHttpClient<TwilioSmsSender>();
        services.AddSingleton<MessageSenders>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<ICleanupTask, OutboxCleanup>();
        services.AddScheduledJobs(configuration, provider, connectionString);
        return builder;
    }

    /// <summary>Applies migrations (when configured) and builds the middleware pipeline.</summary>
    public static WebApplication UsePlatform(this WebApplication app)
    {
        // Resolve the keys first: a missing key stops the start before anything is changed.
        app.Services.GetRequiredService<KeyRing>();
        if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
        {
            app.Services.GetRequiredService<MigrationRunner>().MigrateUp();
        }

        if (app.Services.GetRequiredService<IOptions<HttpOptions>>().Value.TrustedProxies.Length > 0)
        {
            app.UseForwardedHeaders();
        }
        app.Use(CorrelationId.Middleware);
        app.Use(ApiAccessLog.Middleware);
        app.Use(RequestShape.Middleware);
        app.Use(Security.RequestGates.Middleware);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(SecurityHeaders.Middleware);
        app.Use(AdminPagesSetup.RequireHttps);
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
        app.UseApiDocuments();
        app.UseRouting();
        app.Use(Metrics.MetricsEndpoint.Gate);
        Prometheus.HttpMetricsMiddlewareExtensions.UseHttpMetrics(app);
        app.Use(FrameworkRefusals.Middleware);
        app.UseCors();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.Use(RequestBodyLimit.Middleware);

        app.MapHealth();
        app.MapApiDocument();
        app.MapAdminPages();
        Metrics.MetricsEndpoint.Map(app);
        return app;
    }

    /// <summary>What a bare status says, for the answers the framework produces without a word (status-code pages).</summary>
    private static string? DefaultDetail(int? status) => status switch
    {
        400 => "The request could not be understood.",
        401 => "Sign in: send a valid access token (Authorization: Bearer ...).",
        403 => "You may not do this.",
        404 => "Nothing is here.",
        405 => "This method is not allowed here.",
        406 => "This endpoint answers JSON (problem+json for errors).",
        411 => "Say the body's length (Content-Length) or send it chunked.",
        413 => "The request body is larger than this endpoint accepts.",
        415 => "The request's content type is not one this endpoint accepts: JSON endpoints take application/json, KYC forms multipart/form-data.",
        429 => "Too many requests; try again later.",
        _ => null,
    };

    private static async ValueTask WriteTooManyRequestsAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(60);
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = 429, Title = "Too Many Requests", Detail = "Too many requests from this address; try again later." },
        });
    }
}

using System.Globalization;
using System.Net;
using CredbuzzPay.Api.Platform.Notifications;
using CredbuzzPay.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CredbuzzPay.Tests.Notifications;

/// <summary>The real senders against real servers on loopback: an SMTP server and an HTTP SMS API.</summary>
public sealed class SenderTests
{
    [Fact]
    public async Task Email_IsSentOverSmtp_WhenAServerIsConfigured()
    {
        await using var smtp = new SmtpSink();
        await using var host = new ApiHost(TestEngines.Sqlite, new Dictionary<string, string?>
        {
            ["Jobs:Enabled"] = "false",
            ["Notifications:Mode"] = "send",
            ["Notifications:Smtp:Host"] = "127.0.0.1",
            ["Notifications:Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Notifications:Smtp:Security"] = "None",
            ["Notifications:Smtp:FromAddress"] = "otp@credbuzzpay.example",
        });

        await OutboxTests.EnqueueAsync(host.DbFactory, host.Services, OutgoingMessage.Email("asha@example.com", "Verify your email", "Your code is 771122."), commit: true);
        var delivered = await host.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None);

        Assert.Equal(1, delivered);
        var mail = Assert.Single(smtp.Messages);
        Assert.Equal("otp@credbuzzpay.example", mail.From);
        Assert.Equal(["asha@example.com"], mail.To);
        Assert.Contains("Subject: Verify your email", mail.Data, StringComparison.Ordinal);
        Assert.Contains("Your code is 771122.", mail.Data, StringComparison.Ordinal);
        Assert.False(File.Exists(host.PickupFile), "With SMTP configured nothing goes to the pickup file.");
    }

    [Fact]
    public async Task InSendMode_AChannelWithNoProviderConfigured_FallsBackToThePickupFile()
    {
        await using var host = new ApiHost(TestEngines.Sqlite, new Dictionary<string, string?>
        {
            ["Jobs:Enabled"] = "false",
            ["Notifications:Mode"] = "send",
        });

        await OutboxTests.EnqueueAsync(host.DbFactory, host.Services, OutgoingMessage.Sms("+919800011122", "Code 123123"), commit: true);
        await OutboxTests.EnqueueAsync(host.DbFactory, host.Services, OutgoingMessage.Email("fallback@example.com", "S", "B"), commit: true);

        Assert.Equal(2, await host.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None));
        Assert.Equal(["+919800011122", "fallback@example.com"], host.PickupMessages().Select(m => m.GetProperty("to").GetString()).Order());
    }

    [Fact]
    public async Task Sms_IsPostedToTheProviderWithItsCredentials_AndAProviderErrorIsRetried()
    {
        var calls = new List<(string? Authorization, IFormCollection Form, string Path)>();
        var failNext = false;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var provider = builder.Build();
        provider.MapPost("/2010-04-01/Accounts/{sid}/Messages.json", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            lock (calls)
            {
                calls.Add((context.Request.Headers.Authorization.ToString(), form, context.Request.Path.Value!));
            }
            return failNext ? Results.StatusCode(503) : Results.Json(new { sid = "SM123", status = "queued" }, statusCode: 201);
        });
        await provider.StartAsync();
        var baseUrl = provider.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        await using var host = new ApiHost(TestEngines.Sqlite, new Dictionary<string, string?>
        {
            ["Jobs:Enabled"] = "false",
            ["Notifications:Mode"] = "send",
            ["Notifications:Sms:Provider"] = "twilio",
            ["Notifications:Sms:Twilio:BaseUrl"] = baseUrl,
            ["Notifications:Sms:Twilio:AccountSid"] = "ACtest0001",
            ["Notifications:Sms:Twilio:AuthToken"] = "tok-secret",
            ["Notifications:Sms:Twilio:From"] = "+15005550006",
        });
        var dispatcher = host.Services.GetRequiredService<OutboxDispatcher>();

        await OutboxTests.EnqueueAsync(host.DbFactory, host.Services, OutgoingMessage.Sms("+919876543210", "Code 445566"), commit: true);
        Assert.Equal(1, await dispatcher.DispatchDueAsync(CancellationToken.None));

        failNext = true;
        var failing = await OutboxTests.EnqueueAsync(host.DbFactory, host.Services, OutgoingMessage.Sms("+919812345678", "Code 998877"), commit: true);
        Assert.Equal(0, await dispatcher.DispatchDueAsync(CancellationToken.None));

        Assert.Equal(2, calls.Count);
        var (authorization, form, path) = calls[0];
        Assert.Equal("/2010-04-01/Accounts/ACtest0001/Messages.json", path);
        Assert.Equal("Basic " + Convert.ToBase64String("ACtest0001:tok-secret"u8.ToArray()), authorization);
        Assert.Equal("+919876543210", form["To"]);
        Assert.Equal("+15005550006", form["From"]);
        Assert.Equal("Code 445566", form["Body"]);
        Assert.Equal("pending", OutboxTests.Status(host.Database, failing));
        Assert.Equal("MessageDeliveryException: SMS provider answered HTTP 503.",
            host.Database.Scalar($"SELECT last_error FROM outbox_messages WHERE {OutboxTests.IdEquals(host.Database, failing)}"));
    }
}

using System.Net;
using CredbuzzPay.Tests.Infrastructure;

namespace CredbuzzPay.Tests.Platform;

/// <summary>
/// Secrets logged through the real pipeline in every careless way never reach a file, and each line
/// lands in its module's file.
/// </summary>
public sealed class LogRedactionTests
{
    [Fact]
    public async Task SecretsLoggedByMistake_NeverReachAnyLogFile_AndLinesAreRoutedByModule()
    {
        await using var host = await ProbeHost.StartAsync();
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/probe/log?otp=482913&password=Sup3r$ecretPw!");
        request.Headers.TryAddWithoutValidation("X-Correlation-ID", "redaction-test-1");

        var response = await client.SendAsync(request);
        await client.GetAsync("/api/v1/probe/boom");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await host.StopAsync();

        var files = Directory.GetFiles(host.LogDirectory, "*.log");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            foreach (var secret in ProbeHost.LoggedSecrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{Path.GetFileName(file)} contains a secret ({secret[..3]}…).");
            }
        }

        var auth = host.ReadLog("auth");
        var otp = host.ReadLog("otp");
        var kyc = host.ReadLog("kyc");
        var api = host.ReadLog("api");
        Assert.Contains("Login attempt for ABC123 with [REDACTED]", auth, StringComparison.Ordinal);
        Assert.Contains("redaction-test-1", auth, StringComparison.Ordinal);
        Assert.Contains("OTP [REDACTED] generated for login", otp, StringComparison.Ordinal);
        Assert.DoesNotContain("OTP", auth, StringComparison.Ordinal);
        Assert.Contains("Bank details", kyc, StringComparison.Ordinal);
        Assert.Contains("KYC provider failed", kyc, StringComparison.Ordinal);
        Assert.Contains("POST /api/v1/probe/log 204", api, StringComparison.Ordinal);
        Assert.Contains("ip=127.0.0.1", api, StringComparison.Ordinal);
        Assert.Contains("redaction-test-1", api, StringComparison.Ordinal);
        Assert.DoesNotContain("?otp", api, StringComparison.Ordinal);
        Assert.DoesNotContain("Login attempt", host.ReadLog("app"), StringComparison.Ordinal);
    }
}

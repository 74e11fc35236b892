using System.Text.Json;

namespace CredbuzzPay.Api.Platform.Http;

/// <summary>
/// Text a client sends may not carry characters that make it display or log as something else:
/// NUL and the other C0 and C1 controls, DEL, and the bidirectional overrides and isolates
/// (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C) and line separators (U+2028, U+2029).
/// Tabs and line breaks are allowed only in fields marked <see cref="MultilineTextAttribute"/>.
/// </summary>
public static class SafeText
{
    /// <summary>Why <paramref name="value"/> is refused, or null when it is fine.</summary>
    public static string? Problem(string value, bool multiline = false)
    {
        foreach (var c in value)
        {
            if (c is '\t' or '\n' or '\r')
            {
                if (!multiline)
                {
                    return "Line breaks and tabs are not allowed here.";
                }
                continue;
            }
            if (IsControl(c))
            {
                return "Control characters (such as NUL) are not allowed.";
            }
            if (IsDirection(c))
            {
                return "Text-direction and line-separator characters are not allowed.";
            }
        }
        return null;
    }

    /// <summary>C0 and C1 controls and DEL (tab, line feed and carriage return included).</summary>
    public static bool IsControl(char c) => c < 0x20 || c is >= '\u007F' and <= '\u009F';

    /// <summary>Bidirectional overrides, isolates and marks, and the Unicode line and paragraph separators.</summary>
    public static bool IsDirection(char c) =>
        c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C' or '\u2028' or '\u2029';
}

/// <summary>A free-text field (a reason, a note) where line breaks and tabs are allowed; every other rule of <see cref="SafeText"/> holds.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class MultilineTextAttribute : Attribute;

/// <summary>
/// Checks every text field of every request body and form, once bound and before any other filter
/// or the handler: the request's own types (JSON bodies, [AsParameters] forms) are walked for
/// strings, lists of strings and nested objects; a problem answers 400 naming the field (snake_case,
/// as the client sent it). A filter rather than a JSON converter, so the API document keeps its types.
/// </summary>
internal static class SafeTextFilter
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, System.Reflection.PropertyInfo[]> Properties = new();

    public static EndpointFilterDelegate Factory(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var services = context.ApplicationServices.GetService<Microsoft.Extensions.DependencyInjection.IServiceProviderIsService>();
        var checkedArguments = context.MethodInfo.GetParameters()
            .Select((p, i) => (p, i))
            .Where(x => IsRequestType(x.p.ParameterType) && services?.IsService(x.p.ParameterType) != true)
            .Select(x => x.i)
            .ToArray();
        if (checkedArguments.Length == 0)
        {
            return next;
        }
        return invocation =>
        {
            var errors = new Dictionary<string, string[]>();
            foreach (var index in checkedArguments)
            {
                Walk(invocation.Arguments[index], "", errors, 0);
            }
            return errors.Count == 0
                ? next(invocation)
                : ValueTask.FromResult<object?>(TypedResults.Problem(new HttpValidationProblemDetails(errors)
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "Validation failed",
                    Detail = "One or more fields are invalid.",
                }));
        };
    }

    /// <summary>A request type of ours: a module's <c>...Request</c> body or <c>...Form</c> form (never a service).</summary>
    private static bool IsRequestType(Type type) =>
        type.Assembly == typeof(SafeTextFilter).Assembly
        && type is { IsClass: true, IsAbstract: false }
        && type.Namespace?.Contains(".Modules.", StringComparison.Ordinal) == true
        && (type.Name.EndsWith("Request", StringComparison.Ordinal) || type.Name.EndsWith("Form", StringComparison.Ordinal));

    private static void Walk(object? value, string prefix, Dictionary<string, string[]> errors, int depth)
    {
        if (value is null || depth > 4)
        {
            return;
        }
        foreach (var property in Properties.GetOrAdd(value.GetType(), t => t.GetProperties().Where(p => p.CanRead && p.GetIndexParameters().Length == 0).ToArray()))
        {
            var name = prefix + JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);
            var multiline = property.IsDefined(typeof(MultilineTextAttribute), inherit: true);
            switch (property.GetValue(value))
            {
                case string text:
                    if (SafeText.Problem(text, multiline) is { } problem)
                    {
                        errors[name] = [problem];
                    }
                    break;
                case IEnumerable<string> texts:
                    var i = 0;
                    foreach (var text in texts)
                    {
                        if (text is not null && SafeText.Problem(text, multiline) is { } itemProblem)
                        {
                            errors[$"{name}[{i}]"] = [itemProblem];
                        }
                        i++;
                    }
                    break;
                case { } nested when nested.GetType().Assembly == typeof(SafeTextFilter).Assembly && nested.GetType().IsClass:
                    Walk(nested, name + ".", errors, depth + 1);
                    break;
            }
        }
    }
}

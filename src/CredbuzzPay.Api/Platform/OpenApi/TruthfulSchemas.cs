using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CredbuzzPay.Api.Platform.OpenApi;

/// <summary>
/// Makes the generated document say what the endpoints enforce. Request records take their fields as
/// nullable so that a missing one reaches the validator (and gets its own message) instead of failing
/// binding; the framework then describes every field as required-and-nullable. The rules live in the
/// FluentValidation validators (JSON bodies) and in <c>[Required]</c> (forms), and this reads them:
/// a field the validator refuses when the body leaves it out (or a form field with <c>[Required]</c>)
/// is required and never null; every other field is optional. Multipart forms, which the framework describes as one
/// <c>allOf</c> part per field, become one object with the form's required fields listed.
/// </summary>
internal static class TruthfulSchemas
{
    /// <summary>For a request type with a validator: required = the fields whose absence the validator refuses.</summary>
    public static async Task RequestBodies(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is not null || schema.Properties is not { Count: > 0 })
        {
            return;
        }
        var validatorType = typeof(IValidator<>).MakeGenericType(context.JsonTypeInfo.Type);
        if (context.ApplicationServices.GetService(validatorType) is not IValidator validator)
        {
            // A body the handler checks itself: a field that may be null may be left out. (Responses keep
            // required-and-nullable: the field is always there, perhaps null.)
            if (context.ParameterDescription is not null && schema.Required is { Count: > 0 } listed)
            {
                schema.Required = new HashSet<string>(listed.Where(name => schema.Properties.TryGetValue(name, out var p) && !MayBeNull(p)), StringComparer.Ordinal);
            }
            return;
        }
        var jsonNames = context.JsonTypeInfo.Properties
            .Where(p => p.AttributeProvider is MemberInfo)
            .ToDictionary(p => ((MemberInfo)p.AttributeProvider!).Name, p => p.Name, StringComparer.Ordinal);
        var required = (await RefusedWhenAbsentAsync(validator, context.JsonTypeInfo.Type, cancellationToken))
            .Where(jsonNames.ContainsKey).Select(clr => jsonNames[clr]).ToHashSet(StringComparer.Ordinal);
        schema.Required = new HashSet<string>(schema.Properties.Keys.Where(required.Contains), StringComparer.Ordinal);
        foreach (var (name, property) in schema.Properties.ToList())
        {
            if (required.Contains(name))
            {
                schema.Properties[name] = NotNull(property);
            }
        }
    }

    /// <summary>Multipart forms: one flat object, its required fields from <c>[Required]</c> on the form's record (or a non-nullable file list).</summary>
    public static Task Forms(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.RequestBody?.Content is not { } content || !content.TryGetValue("multipart/form-data", out var multipart) || multipart.Schema is not OpenApiSchema form)
        {
            return Task.CompletedTask;
        }
        var required = RequiredFormFields(context);
        var flat = new OpenApiSchema { Type = JsonSchemaType.Object, Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal) };
        foreach (var part in (form.AllOf ?? []).Append(form))
        {
            foreach (var (name, property) in (part as OpenApiSchema)?.Properties ?? new Dictionary<string, IOpenApiSchema>())
            {
                flat.Properties[name] = required.Contains(name) ? NotNull(property) : property;
            }
        }
        flat.Required = new HashSet<string>(flat.Properties.Keys.Where(required.Contains), StringComparer.Ordinal);
        // The same form sent as application/x-www-form-urlencoded could not carry the files: multipart only.
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = operation.RequestBody.Description,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { ["multipart/form-data"] = new() { Schema = flat } },
        };
        return Task.CompletedTask;
    }

    /// <summary>
    /// The members the validator refuses on a body that gives nothing (every field absent, as the
    /// deserializer would leave it): exactly the fields a client must send. A rule that names
    /// something other than a member (a choice between two fields, say) marks nothing.
    /// </summary>
    internal static async Task<IReadOnlyCollection<string>> RefusedWhenAbsentAsync(IValidator validator, Type type, CancellationToken cancellationToken)
    {
        var empty = RuntimeHelpers.GetUninitializedObject(type);
        var result = await validator.ValidateAsync(new ValidationContext<object>(empty), cancellationToken);
        return result.Errors.Select(e => e.PropertyName).Distinct(StringComparer.Ordinal).ToList();
    }

    private static HashSet<string> RequiredFormFields(OpenApiOperationTransformerContext context)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var method = context.Description.ActionDescriptor.EndpointMetadata.OfType<MethodInfo>().FirstOrDefault();
        foreach (var parameter in method?.GetParameters() ?? [])
        {
            if (parameter.IsDefined(typeof(AsParametersAttribute)))
            {
                var properties = parameter.ParameterType.GetProperties().ToDictionary(p => p.Name, StringComparer.Ordinal);
                foreach (var field in parameter.ParameterType.GetConstructors().SelectMany(c => c.GetParameters()))
                {
                    if (field.Name is { } name && properties.TryGetValue(name, out var property) && property.IsDefined(typeof(RequiredAttribute)))
                    {
                        names.Add(field.GetCustomAttribute<Microsoft.AspNetCore.Mvc.FromFormAttribute>()?.Name ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(name));
                    }
                }
            }
            else if (parameter.ParameterType == typeof(IFormFileCollection) && parameter.Name is { } files)
            {
                names.Add(files);
            }
        }
        return names;
    }

    private static bool MayBeNull(IOpenApiSchema property) =>
        property is OpenApiSchema inline &&
        ((inline.Type is { } type && type.HasFlag(JsonSchemaType.Null)) || inline.OneOf?.Any(c => c is OpenApiSchema { Type: JsonSchemaType.Null }) == true);

    /// <summary>The same schema without <c>null</c> among its types (a nullable reference becomes the plain reference).</summary>
    private static IOpenApiSchema NotNull(IOpenApiSchema property)
    {
        if (property is not OpenApiSchema inline)
        {
            return property;
        }
        if (inline.Type is { } type && type.HasFlag(JsonSchemaType.Null))
        {
            inline.Type = type & ~JsonSchemaType.Null;
        }
        if (inline.OneOf is { Count: 2 } choices && choices.Count(c => c is OpenApiSchema { Type: JsonSchemaType.Null }) == 1)
        {
            return choices.First(c => c is not OpenApiSchema { Type: JsonSchemaType.Null });
        }
        return inline;
    }
}

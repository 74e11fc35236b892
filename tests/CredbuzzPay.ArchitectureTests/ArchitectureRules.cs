using System.Reflection;
using LinqToDB.Mapping;
using NetArchTest.Rules;

namespace CredbuzzPay.ArchitectureTests;

/// <summary>
/// The rules that keep modules independent, written once so that each can be run against the
/// product and against a deliberately broken fixture (to prove it bites).
/// </summary>
public static class ArchitectureRules
{
    /// <summary>
    /// A module (a namespace right under <paramref name="modulesRoot"/>) may use another module only
    /// through that module's <c>Contracts</c> namespace. Answers each offending type as "A uses B".
    /// </summary>
    public static IReadOnlyList<string> ModuleIsolationViolations(Assembly assembly, string modulesRoot)
    {
        var types = assembly.GetTypes().Where(t => t.Namespace?.StartsWith(modulesRoot + ".", StringComparison.Ordinal) == true).ToList();
        var modules = types.Select(t => ModuleOf(t, modulesRoot)).Distinct().ToList();
        var violations = new List<string>();
        foreach (var module in modules)
        {
            var forbidden = types
                .Where(t => ModuleOf(t, modulesRoot) != module)
                .Where(t => !t.Namespace!.StartsWith($"{modulesRoot}.{ModuleOf(t, modulesRoot)}.Contracts", StringComparison.Ordinal))
                .Select(t => t.FullName!.Split('`')[0].Replace('+', '/'))
                .Distinct()
                .ToArray();
            if (forbidden.Length == 0)
            {
                continue;
            }
            var result = Types.InAssembly(assembly)
                .That().ResideInNamespace($"{modulesRoot}.{module}")
                .ShouldNot().HaveDependencyOnAny(forbidden)
                .GetResult();
            if (!result.IsSuccessful)
            {
                violations.AddRange(result.FailingTypeNames.Select(name => $"{name} reaches into another module (use its Contracts)"));
            }
        }
        return violations;
    }

    /// <summary>The shared plumbing must not know the modules built on it.</summary>
    public static IReadOnlyList<string> PlatformIndependenceViolations(Assembly assembly, string platformNamespace, string modulesRoot)
    {
        var result = Types.InAssembly(assembly)
            .That().ResideInNamespace(platformNamespace)
            .ShouldNot().HaveDependencyOn(modulesRoot)
            .GetResult();
        return result.IsSuccessful ? [] : result.FailingTypeNames.ToList();
    }

    /// <summary>A module's tables are its own: their row classes are never public.</summary>
    public static IReadOnlyList<string> PublicTableViolations(Assembly assembly) =>
        assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<TableAttribute>() is not null && (t.IsPublic || t.IsNestedPublic))
            .Select(t => t.FullName!)
            .ToList();

    private static string ModuleOf(Type type, string modulesRoot) =>
        type.Namespace![(modulesRoot.Length + 1)..].Split('.')[0];
}

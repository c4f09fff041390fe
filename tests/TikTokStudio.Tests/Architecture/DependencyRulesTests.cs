using System.Reflection;

namespace TikTokStudio.Tests.Architecture;

/// <summary>architecture.md §3, checked over the compiled assemblies.</summary>
public sealed class DependencyRulesTests
{
    private static readonly Assembly Web = typeof(Program).Assembly;

    [Fact]
    public void The_TikTok_Client_And_The_Emulators_Depend_On_Nothing_Of_Ours()
    {
        var client = typeof(TikTokStudio.TikTok.TikTokOptions).Assembly;
        var emulators = typeof(TikTokStudio.Emulators.EmulatorsMounting).Assembly;

        Assert.DoesNotContain(client.GetReferencedAssemblies(), a => a.Name!.StartsWith("TikTokStudio"));
        Assert.DoesNotContain(emulators.GetReferencedAssemblies(), a => a.Name!.StartsWith("TikTokStudio"));
        Assert.DoesNotContain(client.GetReferencedAssemblies(), a => a.Name!.StartsWith("Microsoft.EntityFrameworkCore") || a.Name!.StartsWith("Microsoft.AspNetCore"));
    }

    [Theory]
    [InlineData("TikTokStudio.Web.Live")]
    [InlineData("TikTokStudio.Web.Security")]
    public void Live_And_Security_Never_Reference_Features(string namespacePrefix)
    {
        var offenders = Web.GetTypes()
            .Where(t => t.Namespace?.StartsWith(namespacePrefix) == true)
            .SelectMany(t => ReferencedTypes(t).Select(r => (t, r)))
            .Where(pair => pair.r.Namespace?.StartsWith("TikTokStudio.Web.Features") == true)
            .Select(pair => $"{pair.t.FullName} -> {pair.r.FullName}")
            .Distinct()
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void The_Web_App_Uses_The_Emulators_Only_From_The_Composition_Root()
    {
        var emulators = typeof(TikTokStudio.Emulators.EmulatorsMounting).Assembly;
        var offenders = Web.GetTypes()
            .Where(t => t != typeof(TikTokStudio.Web.StudioBuilder) && !t.FullName!.StartsWith("TikTokStudio.Web.StudioBuilder+"))
            .SelectMany(t => ReferencedTypes(t).Select(r => (t, r)))
            .Where(pair => pair.r.Assembly == emulators)
            .Select(pair => $"{pair.t.FullName} -> {pair.r.FullName}")
            .ToList();

        Assert.Empty(offenders);
    }

    /// <summary>Types named in a type's signatures and in the IL of its methods (via member and type tokens).</summary>
    private static IEnumerable<Type> ReferencedTypes(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null) return;
            if (t.IsGenericType) foreach (var a in t.GetGenericArguments()) Add(a);
            if (t.HasElementType) Add(t.GetElementType());
            found.Add(t.IsGenericType ? t.GetGenericTypeDefinition() : t);
        }

        Add(type.BaseType);
        foreach (var i in type.GetInterfaces()) Add(i);
        foreach (var f in type.GetFields(all)) Add(f.FieldType);
        foreach (var p in type.GetProperties(all)) Add(p.PropertyType);
        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            if (method is MethodInfo mi) Add(mi.ReturnType);
            foreach (var p in method.GetParameters()) Add(p.ParameterType);
            foreach (var token in IlTokens(method))
            {
                try
                {
                    var member = type.Module.ResolveMember(token, type.IsGenericType ? type.GetGenericArguments() : null,
                        method.IsGenericMethod ? method.GetGenericArguments() : null);
                    Add(member as Type ?? member?.DeclaringType);
                }
                catch (ArgumentException) { /* not a member token (e.g. a string) */ }
            }
        }
        return found;
    }

    /// <summary>4-byte operands of the IL opcodes that take a metadata token (call, newobj, ldfld, ldtoken, ...).</summary>
    private static IEnumerable<int> IlTokens(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        for (var i = 0; i + 4 < il.Length; i++)
        {
            var op = il[i];
            if (op is 0x28 or 0x73 or 0x6F or 0x7B or 0x7D or 0x7E or 0x80 or 0xD0 or 0x8D or 0x74 or 0x75 or 0x8C or 0xA5)
            {
                var token = BitConverter.ToInt32(il, i + 1);
                var table = token >> 24;
                if (table is 0x01 or 0x02 or 0x04 or 0x06 or 0x0A or 0x1B or 0x2B) yield return token;
            }
        }
    }
}

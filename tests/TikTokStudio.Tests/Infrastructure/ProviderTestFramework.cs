using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("TikTokStudio.Tests.Infrastructure.ProviderTestFramework", "TikTokStudio.Tests")]

namespace TikTokStudio.Tests.Infrastructure;

/// <summary>
/// Marks a test class that runs on PostgreSQL (usually a subclass of a suite that runs on SQLite). Where no
/// PostgreSQL is configured, its tests are reported skipped with <see cref="PostgresForTests.SkipReason"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class OnPostgresAttribute : Attribute;

/// <summary>xunit's own framework, except that classes marked <see cref="OnPostgresAttribute"/> are skipped when PostgreSQL is not there.</summary>
public sealed class ProviderTestFramework(IMessageSink diagnosticMessageSink) : XunitTestFramework(diagnosticMessageSink)
{
    protected override ITestFrameworkDiscoverer CreateDiscoverer(IAssemblyInfo assemblyInfo) =>
        new Discoverer(assemblyInfo, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Discoverer(IAssemblyInfo assembly, ISourceInformationProvider sources, IMessageSink diagnostics)
        : XunitTestFrameworkDiscoverer(assembly, sources, diagnostics)
    {
        protected override bool FindTestsForType(ITestClass testClass, bool includeSourceInformation, IMessageBus messageBus,
            ITestFrameworkDiscoveryOptions discoveryOptions)
        {
            if (PostgresForTests.SkipReason is not { } reason || !testClass.Class.GetCustomAttributes(typeof(OnPostgresAttribute)).Any())
                return base.FindTestsForType(testClass, includeSourceInformation, messageBus, discoveryOptions);

            foreach (var method in testClass.Class.GetMethods(includePrivateMethods: true))
            {
                if (!method.GetCustomAttributes(typeof(FactAttribute)).Any()) continue;
                var testCase = new SkippedTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
                    discoveryOptions.MethodDisplayOptionsOrDefault(), new TestMethod(testClass, method), reason);
                if (!ReportDiscoveredTestCase(testCase, includeSourceInformation, messageBus)) return false;
            }
            return true;
        }
    }
}

/// <summary>A test case reported as skipped with a reason decided at discovery (xunit 2 has no dynamic skip).</summary>
public sealed class SkippedTestCase : XunitTestCase
{
    private string reason = "";

    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public SkippedTestCase()
    {
    }

    public SkippedTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod method, string reason)
        : base(sink, display, options, method) => this.reason = reason;

    protected override string GetSkipReason(IAttributeInfo factAttribute) => reason;

    public override void Serialize(IXunitSerializationInfo data)
    {
        base.Serialize(data);
        data.AddValue("SkipReasonText", reason);
    }

    public override void Deserialize(IXunitSerializationInfo data)
    {
        reason = data.GetValue<string>("SkipReasonText");
        base.Deserialize(data);
    }
}

using Microsoft.AspNetCore.Http;

namespace TikTokStudio.Emulators.Stripe.Http;

/// <summary>
/// A Stripe request's parameters: form-encoded bodies (and query strings) with bracketed keys, as clients send them:
/// <c>line_items[0][price]=...</c>, <c>metadata[workspace_id]=...</c>, <c>expand[]=...</c> or <c>expand[0]=...</c>.
/// </summary>
public sealed class StripeForm(IReadOnlyList<KeyValuePair<string, string>> pairs)
{
    public static async Task<StripeForm> ReadAsync(HttpRequest request)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var (key, values) in request.Query) foreach (var v in values) pairs.Add(new(key, v ?? ""));
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            foreach (var (key, values) in form) foreach (var v in values) pairs.Add(new(key, v ?? ""));
        }
        return new StripeForm(pairs);
    }

    /// <summary>Minimal APIs bind a handler's StripeForm parameter through this.</summary>
    public static async ValueTask<StripeForm?> BindAsync(HttpContext context) => await ReadAsync(context.Request);

    public string? this[string key] => pairs.LastOrDefault(p => p.Key == key).Value;

    public bool Has(string key) => pairs.Any(p => p.Key == key);

    /// <summary>Values of <c>name[]</c> and <c>name[N]</c>, in order.</summary>
    public List<string> List(string name) => pairs
        .Where(p => p.Key == name + "[]" || (p.Key.StartsWith(name + "[", StringComparison.Ordinal) && p.Key.EndsWith(']') && int.TryParse(p.Key[(name.Length + 1)..^1], out _)))
        .Select(p => p.Value).ToList();

    /// <summary>Entries of <c>name[key]=value</c> (one level, as metadata is).</summary>
    public Dictionary<string, string> Dictionary(string name)
    {
        var result = new Dictionary<string, string>();
        foreach (var (key, value) in pairs)
        {
            if (!key.StartsWith(name + "[", StringComparison.Ordinal) || !key.EndsWith(']')) continue;
            var inner = key[(name.Length + 1)..^1];
            if (inner.Contains('[') || inner.Contains(']')) continue;
            result[inner] = value;
        }
        return result;
    }

    public IEnumerable<string> Keys => pairs.Select(p => p.Key).Distinct();

    public bool TryLong(string key, out long value)
    {
        value = 0;
        return this[key] is { } raw && long.TryParse(raw, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out value);
    }
}

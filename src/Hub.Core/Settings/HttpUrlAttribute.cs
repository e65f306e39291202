using System.ComponentModel.DataAnnotations;

namespace Hub.Core.Settings;

/// <summary>A setting that, when set, is an absolute http(s) URL; the error names the setting by its full key.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class HttpUrlAttribute(string section) : ValidationAttribute
{
    public string Section { get; } = section;

    public static bool IsHttpUrl(string url)
        => Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0;

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
        => value is not string { Length: > 0 } url || IsHttpUrl(url)
            ? ValidationResult.Success
            : new ValidationResult(
                $"{Section}:{validationContext.MemberName} must be an absolute http(s) URL, such as https://hub.example.org; it is '{url}'.",
                validationContext.MemberName is { } member ? [member] : []);
}

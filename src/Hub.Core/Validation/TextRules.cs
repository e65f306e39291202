namespace Hub.Core.Validation;

/// <summary>Checks shared by every free-text field: length, and no control characters.</summary>
public static class TextRules
{
    public static bool HasControlCharacters(string text, bool multiline)
        => text.Any(c => char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t'));

    public static string ControlCharacterRule(bool multiline)
        => multiline ? "must not contain control characters other than line breaks and tabs" : "must be a single line without control characters";
}

# Module manifest for PyDis. ModuleVersion must equal <VersionPrefix> in Directory.Build.props
# (an xunit test checks it); build.ps1 lays this file out next to PyDis.dll.
@{
    RootModule             = 'PyDis.dll'
    ModuleVersion          = '0.1.0'
    GUID                   = '3b2bab9e-b291-4955-8832-466ae5a6c799'
    Author                 = 'PyDis contributors'
    CompanyName            = 'PyDis contributors'
    Copyright              = '(c) PyDis contributors'
    Description            = 'Reads CPython .pyc files of Python 2.7 and 3.0-3.15 and says exactly what that version''s own dis module says: instructions as objects, dis text, line starts, code objects, constants, exception tables and pyc headers, and the stack depth and control-flow graph of every version''s code. It also writes bytecode back: assembles instructions, edits code objects and exports .pyc files that the interpreter runs.'
    CompatiblePSEditions   = @('Desktop', 'Core')
    PowerShellVersion      = '5.1'
    # netstandard2.0 on Windows PowerShell needs .NET Framework 4.7.2 or later (earlier ones lack the netstandard facades).
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('PyDis.Format.ps1xml')
    TypesToProcess         = @('PyDis.Types.ps1xml')
    CmdletsToExport        = @(
        'ConvertFrom-PyBytecode'
        'ConvertTo-PyBytecode'
        'Edit-PyCodeObject'
        'Export-PyPyc'
        'Get-PyBasicBlock'
        'Get-PyCodeObject'
        'Get-PyConstant'
        'Get-PyExceptionTable'
        'Get-PyInstruction'
        'Get-PyLineStart'
        'Get-PyOpcode'
        'Get-PyPycInfo'
        'Measure-PyStackEffect'
        'Show-PyCode'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('Python', 'bytecode', 'disassembler', 'pyc', 'dis', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            # The licence is MIT (LICENSE, shipped in the module folder). ProjectUri and LicenseUri are left out
            # because the repository has no public address yet; add both once it has one. No HelpInfoURI: the
            # help ships inside the module (en-US/), there is no updatable help.
            ReleaseNotes = 'First release: fourteen cmdlets over the PyDis engine.'
        }
    }
}

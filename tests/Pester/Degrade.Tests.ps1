# Odd code objects (tests/fixtures/degrade: replaced co_code, tables that do not fit it), as CPython's dis shows them.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-Module $ModuleManifest -Force
    function Get-Case([string] $Version, [string] $Name) {
        (Get-Content -Raw (Join-Path $Fixtures "degrade/$Version.json") | ConvertFrom-Json).cases | Where-Object name -eq $Name
    }
    function Get-DegradePyc([string] $Version, [string] $Name) { Join-Path $Fixtures "degrade/$Version/$Name.pyc" }
    function Hide-Address([string] $Text) { $Text -replace 'at 0x[0-9a-f]+', 'at 0x0' }
}

Describe 'Odd code objects' {
    It 'Show-PyCode prints what Python <Version> dis printed for <Name>, with a warning naming <Context> in f' -ForEach @(
        @{ Version = '2.7'; Name = 'linetable_cut'; Context = 'co_lnotab' }
        @{ Version = '3.10'; Name = 'code_shorter'; Context = 'co_linetable' }
        @{ Version = '3.12'; Name = 'code_shorter'; Context = 'co_linetable' }
        @{ Version = '3.13'; Name = 'exctable_outside'; Context = 'co_exceptiontable' }
    ) {
        $path = Get-DegradePyc $Version $Name
        $text = Show-PyCode -LiteralPath $path -Raw -WarningVariable w -WarningAction SilentlyContinue -ErrorVariable e
        Hide-Address $text | Should -BeExactly (Get-Case $Version $Name).texts.default
        $e | Should -BeNullOrEmpty
        $w.Count | Should -BeGreaterThan 0
        "$($w[0])" | Should -BeLike "$path`: <module>.f: $Context at byte *"
    }

    It 'Get-PyInstruction emits the records and warns instead of failing the file' {
        $rows = Get-PyInstruction -LiteralPath (Get-DegradePyc 3.11 linetable_garbage) -WarningVariable w -WarningAction SilentlyContinue -ErrorVariable e
        ($rows | Where-Object CodePath -eq '<module>.f').Count | Should -Be (Get-Case 3.11 linetable_garbage).instructions.rows.Count
        $e | Should -BeNullOrEmpty
        "$w" | Should -BeLike '*<module>.f: co_linetable at byte *'
    }

    It 'where dis itself raises, the output goes on and a non-terminating PyDis.DisFails error names the code path' {
        $path = Get-DegradePyc 3.12 const_out_of_range
        $text = Show-PyCode -LiteralPath $path -Raw -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        Hide-Address $text | Should -BeLike ((Get-Case 3.12 const_out_of_range).texts.default + '*LOAD_CONST              40*')
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeExactly 'PyDis.DisFails,PyDis.Commands.ShowPyCodeCommand'
        $e[0].CategoryInfo.Category | Should -Be 'InvalidData'
        "$($e[0])" | Should -BeLike "$path`: <module>.f: co_code at byte 0: LOAD_CONST at offset 0: argument 40 is out of range*"
    }

    It 'a file compiled by the interpreter gives no warning' {
        Show-PyCode -LiteralPath (Get-FixturePyc 3.12 core_control) -Raw -WarningVariable w | Out-Null
        $w | Should -BeNullOrEmpty
    }
}

# Show-PyCode with several inputs (issue 14 point 6): each listing under a header line naming its file or code
# object; a single input, and every -Raw string, stays exactly dis's text.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-Module $ModuleManifest -Force
    function Hide-Address([string] $Text) { $Text -replace 'at 0x[0-9a-f]+', 'at 0x0' }
    function Get-Lines([string] $Text) { $Text.TrimEnd("`n") -split "`n" }
    $script:A = Get-Item (Get-FixturePyc 3.12 imports)
    $script:B = Get-Item (Get-FixturePyc 3.8 classes)
}

Describe 'Show-PyCode with several inputs' {
    It 'puts a header line before each file''s listing, listings one empty line apart' {
        $lines = @($A, $B | Show-PyCode)
        $textA = Get-Lines (Show-PyCode -LiteralPath $A.FullName -Raw)
        $textB = Get-Lines (Show-PyCode -LiteralPath $B.FullName -Raw)
        $expected = @("Disassembly of <module> ($($A.FullName), Python 3.12):") + $textA + @('') +
            @("Disassembly of <module> ($($B.FullName), Python 3.8):") + $textB
        $lines.Count | Should -Be $expected.Count
        for ($i = 0; $i -lt $expected.Count; $i++) { $lines[$i] | Should -BeExactly $expected[$i] -Because "line $i" }
    }

    It 'does the same for -Path with two files and for -Info' {
        $lines = @(Show-PyCode -LiteralPath $A.FullName, $B.FullName -Info)
        $lines[0] | Should -BeExactly "Code info of <module> ($($A.FullName), Python 3.12):"
        @($lines | Where-Object { $_ -like 'Code info of *' }).Count | Should -Be 2
    }

    It 'names each piped code object by its code path' {
        $codes = Get-PyCodeObject -LiteralPath $B.FullName | Where-Object Level -eq 1
        @($codes).Count | Should -BeGreaterThan 1
        $lines = @($codes | Show-PyCode)
        $headers = @($lines | Where-Object { $_ -like 'Disassembly of <module>.* (*, Python 3.8):' })
        $headers.Count | Should -Be @($codes).Count
        $headers[0] | Should -BeExactly "Disassembly of $($codes[0].CodePath) ($($B.FullName), Python 3.8):"
    }

    It 'leaves a single input''s lines exactly dis''s (no header)' {
        $lines = @(Get-Item $A.FullName | Show-PyCode)
        $lines[0] | Should -Not -BeLike 'Disassembly of*'
        ($lines -join "`n") + "`n" | Should -BeExactly (Show-PyCode -LiteralPath $A.FullName -Raw)
    }

    It 'gives one -Raw string per input, exactly dis''s text, noting its Path, CodePath and PythonVersion' {
        $texts = @($A, $B | Show-PyCode -Raw)
        $texts.Count | Should -Be 2
        Hide-Address $texts[0] | Should -BeExactly ([IO.File]::ReadAllText((Join-Path $Fixtures '3.12/imports.dis/default.txt')))
        Hide-Address $texts[1] | Should -BeExactly ([IO.File]::ReadAllText((Join-Path $Fixtures '3.8/classes.dis/default.txt')))
        $texts[0].Path | Should -BeExactly $A.FullName
        $texts[1].CodePath | Should -BeExactly '<module>'
        $texts[1].PythonVersion | Should -Be ([version]'3.8')
        $texts[0] | Should -BeOfType [string]
    }

    It 'reports a bad file and still lists the good ones, each under its header' {
        $bad = Join-Path $TestDrive 'bad.pyc'
        [IO.File]::WriteAllBytes($bad, [byte[]](1, 2, 3, 4))
        $lines = @(Show-PyCode -LiteralPath $A.FullName, $bad, $B.FullName -ErrorVariable errs -ErrorAction SilentlyContinue)
        @($errs).Count | Should -Be 1
        @($lines | Where-Object { $_ -like 'Disassembly of <module> (*' }).Count | Should -Be 2
    }
}

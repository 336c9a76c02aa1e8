# CPython 3.0-3.5 through every cmdlet: three-byte instructions, their text eras, code_info from 3.2, hasnargs
# argreprs in 3.3-3.5, their opcode tables, bare co_code, and the bundled 3.5 sample.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-Module $ModuleManifest -Force
    function Get-Expected([string] $Version, [string] $Name, [string] $Variant) {
        [IO.File]::ReadAllText((Join-Path $Fixtures "$Version/$Name.dis/$Variant.txt"))
    }
    function Hide-Address([string] $Text) { $Text -replace 'at 0x[0-9a-f]+', 'at 0x0' }
    function Read-Dump([string] $Kind, [string] $Version) {
        Get-Content -Raw (Join-Path $Fixtures "$Kind/$Version.json") | ConvertFrom-Json
    }
}

Describe 'Python 3.0-3.5' {
    It 'Show-PyCode -Raw of <Version> <Name> is what its dis printed' -ForEach @(
        @{ Version = '3.0'; Name = 'core_control_py30' }
        @{ Version = '3.1'; Name = 'core_control' }
        @{ Version = '3.2'; Name = 'constants_py30' }
        @{ Version = '3.3'; Name = 'py33_forms' }
        @{ Version = '3.4'; Name = 'core_functions' }
        @{ Version = '3.5'; Name = 'py35_forms' }
    ) {
        Hide-Address (Show-PyCode -LiteralPath (Get-FixturePyc $Version $Name) -Raw) | Should -BeExactly (Get-Expected $Version $Name default)
    }

    It 'piped code objects of a 3.4 file show every one, as its dis.disassemble did' {
        $walk = (Get-PyCodeObject -LiteralPath (Get-FixturePyc 3.4 classes) | ForEach-Object { Show-PyCode -InputObject $_ -Raw }) -join "`n"
        Hide-Address $walk | Should -BeExactly (Get-Expected 3.4 classes walk)
    }

    It '-Info is code_info on 3.2+ and an error naming code_info on 3.1, whose dis has none' {
        Hide-Address (Show-PyCode -LiteralPath (Get-FixturePyc 3.2 core_functions) -Info -Raw) | Should -BeExactly (Get-Expected 3.2 core_functions info)
        Show-PyCode -LiteralPath (Get-FixturePyc 3.1 core_functions) -Info -Raw -ErrorAction SilentlyContinue -ErrorVariable e | Out-Null
        $e[0].FullyQualifiedErrorId | Should -BeLike 'PyDis.UnsupportedVersion,*'
        $e[0].Exception.Message | Should -Match "3\.1's dis has no code_info"
    }

    It 'Get-PyInstruction gives 3.3-3.5 hasnargs argreprs and 3-byte offsets' {
        $calls = Get-PyInstruction -LiteralPath (Get-FixturePyc 3.5 core_functions) -OpName CALL_FUNCTION
        $calls | Should -Not -BeNullOrEmpty
        $calls | ForEach-Object { $_.ArgRepr | Should -Match '^\d+ positional, \d+ keyword pair$' }
        $first = Get-PyInstruction -LiteralPath (Get-FixturePyc 3.0 core_functions) -Depth 0 | Select-Object -First 3
        $first.Offset | Should -Be @(0, 3, 6)
    }

    It 'Get-PyLineStart and Get-PyConstant read 3.0 files' {
        $json = Get-Content -Raw (Join-Path $Fixtures '3.0/constants_py30.json') | ConvertFrom-Json
        $module = $json.codes[0]
        (Get-PyLineStart -LiteralPath (Get-FixturePyc 3.0 constants_py30) -Depth 0).LineNumber | Should -Be @($module.linestarts | ForEach-Object { $_[1] })
        @((Get-PyConstant -LiteralPath (Get-FixturePyc 3.0 constants_py30) -Depth 0).Repr | ForEach-Object { Hide-Address $_ }) |
            Should -Be @($module.co.co_consts)
    }

    It 'Get-PyOpcode -PythonVersion <_> is that interpreter''s opcode module' -ForEach @('3.0', '3.1', '3.2', '3.3', '3.4', '3.5') {
        $dump = Read-Dump opcodes $_
        $expected = @($dump.opname | Where-Object { $_ -notlike '<*>' })
        (Get-PyOpcode -PythonVersion $_).Name | Should -Be $expected
        (Get-PyOpcode -PythonVersion $_ -Name EXTENDED_ARG).OpCode | Should -Be $dump.EXTENDED_ARG
    }

    It 'ConvertFrom-PyBytecode -PythonVersion <_> decodes bare co_code as dis.dis(bytes) did' -ForEach @('3.0', '3.3', '3.5') {
        foreach ($sample in (Read-Dump rawbytes $_).samples) {
            $names = @([regex]::Matches($sample.dis, '(?m)^\s*(?:>>)?\s*\d+ (\S+)') | ForEach-Object { $_.Groups[1].Value })
            (ConvertFrom-PyBytecode -Hex $sample.code -PythonVersion $_).OpName | Should -Be $names
        }
    }

    It 'the bundled 3.5 sample prints what CPython 3.5.2 printed' {
        $pyc = Join-Path $RepoRoot 'samples/countdown.cpython-35.pyc'
        $walk = (Get-PyCodeObject -LiteralPath $pyc | ForEach-Object { Show-PyCode -InputObject $_ -Raw }) -join "`n"
        Hide-Address $walk | Should -BeExactly ([IO.File]::ReadAllText((Join-Path $RepoRoot 'samples/countdown.cpython-35.dis')))
        (Get-PyPycInfo -LiteralPath $pyc).Magic | Should -Be 3350
    }
}

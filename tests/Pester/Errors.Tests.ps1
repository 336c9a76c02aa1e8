BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-Module $ModuleManifest -Force
    $good = Join-Path $TestDrive 'good.pyc'
    Copy-Item (Get-FixturePyc 3.12 classes) $good
    $bytes = [IO.File]::ReadAllBytes($good)

    $notPyc = Join-Path $TestDrive 'text.pyc'
    Set-Content $notPyc 'print("hello")'
    $py26 = Join-Path $TestDrive 'py26.pyc'
    [IO.File]::WriteAllBytes($py26, [byte[]](0xD1, 0xF2, 0x0D, 0x0A) + $bytes[4..($bytes.Length - 1)])   # 62161 = Python 2.6
    $truncated = Join-Path $TestDrive 'truncated.pyc'
    [IO.File]::WriteAllBytes($truncated, $bytes[0..40])
}

Describe 'Errors' {
    It '<Case> gives <Id>' -ForEach @(
        @{ Case = 'a missing file'; Id = 'PyDis.FileNotFound'; Category = 'ObjectNotFound'; Target = { Join-Path $TestDrive 'missing.pyc' } }
        @{ Case = 'a text file'; Id = 'PyDis.UnknownMagic'; Category = 'InvalidData'; Target = { $notPyc } }
        @{ Case = 'a Python 2.6 file'; Id = 'PyDis.UnsupportedVersion'; Category = 'NotImplemented'; Target = { $py26 } }
        @{ Case = 'a truncated file'; Id = 'PyDis.MalformedPyc'; Category = 'InvalidData'; Target = { $truncated } }
    ) {
        $path = & $Target
        $out = Get-PyInstruction -LiteralPath $path -ErrorVariable ev -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $ev.Count | Should -Be 1
        $ev[0].FullyQualifiedErrorId | Should -BeExactly "$Id,PyDis.Commands.GetPyInstructionCommand"
        $ev[0].CategoryInfo.Category | Should -Be $Category
        $ev[0].TargetObject | Should -Be $path
    }

    It 'a path of another provider gives PyDis.NotFileSystemPath' {
        Get-PyPycInfo -LiteralPath 'Function:/prompt' -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev[0].FullyQualifiedErrorId | Should -BeExactly 'PyDis.NotFileSystemPath,PyDis.Commands.GetPyPycInfoCommand'
        $ev[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'a bad file does not stop the good ones after it' {
        $result = $notPyc, $good, $truncated, $good | Get-PyPycInfo -ErrorVariable ev -ErrorAction SilentlyContinue
        @($result).Count | Should -Be 1   # the same file twice is read once
        $ev.FullyQualifiedErrorId | Should -Be @('PyDis.UnknownMagic,PyDis.Commands.GetPyPycInfoCommand', 'PyDis.MalformedPyc,PyDis.Commands.GetPyPycInfoCommand')
    }

    It '-ErrorAction Stop turns the first bad file into a terminating error' {
        { Get-PyInstruction -LiteralPath $notPyc, $good -ErrorAction Stop } | Should -Throw -ErrorId 'PyDis.UnknownMagic,PyDis.Commands.GetPyInstructionCommand'
    }

    It 'a bad -PythonVersion is terminating whatever -ErrorAction says' {
        { Get-PyOpcode -PythonVersion 9.9 -ErrorAction SilentlyContinue } | Should -Throw -ErrorId 'PyDis.InvalidPythonVersion,PyDis.Commands.GetPyOpcodeCommand'
    }

    It 'an opcode the version does not define is data plus one warning' {
        # Patch the module's first instruction (RESUME) to opcode 169, which 3.12 leaves undefined.
        $code = (Get-PyCodeObject -LiteralPath $good | Select-Object -First 1).Code
        $at = ([BitConverter]::ToString($bytes) -replace '-', '').ToLowerInvariant().IndexOf($code.Substring(0, 16)) / 2
        $patched = [byte[]]$bytes.Clone()
        $patched[$at] = 169
        $file = Join-Path $TestDrive 'undefined-op.pyc'
        [IO.File]::WriteAllBytes($file, $patched)
        $first = Get-PyInstruction -LiteralPath $file -Depth 0 -WarningVariable w 3>$null | Select-Object -First 1
        $first.OpName | Should -Be '<169>'
        $first.IsValid | Should -BeFalse
        @($w).Count | Should -Be 1
    }

    It 'text that is not hex gives PyDis.InvalidBytecode' {
        ConvertFrom-PyBytecode -Hex 'xyz' -PythonVersion 3.12 -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev[0].FullyQualifiedErrorId | Should -BeExactly 'PyDis.InvalidBytecode,PyDis.Commands.ConvertFromPyBytecodeCommand'
    }
}

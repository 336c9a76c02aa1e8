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
        $result = $notPyc, $good, $truncated, $good | Get-PyCodeObject -ErrorVariable ev -ErrorAction SilentlyContinue |
            Where-Object Level -eq 0
        @($result).Count | Should -Be 2   # one result per input: the good file named twice is read twice
        $ev.FullyQualifiedErrorId | Should -Be @('PyDis.UnknownMagic,PyDis.Commands.GetPyCodeObjectCommand', 'PyDis.MalformedPyc,PyDis.Commands.GetPyCodeObjectCommand')
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

# Issue 14, point 9: every error a PyDis id, its category and the input as target, its message naming the input
# first and then what is wrong.
Describe 'Error records of every cmdlet' {
    BeforeAll {
        $magic9999 = Join-Path $TestDrive 'magic9999.pyc'
        [IO.File]::WriteAllBytes($magic9999, [byte[]](0x0F, 0x27, 0x0D, 0x0A) + $bytes[4..($bytes.Length - 1)])
        $missing = Join-Path $TestDrive 'missing.pyc'
        $fileCases = @(
            @{ Case = 'missing file'; Id = 'PyDis.FileNotFound'; Category = 'ObjectNotFound'; Path = { $missing }; Says = 'does not exist' }
            @{ Case = 'text file'; Id = 'PyDis.UnknownMagic'; Category = 'InvalidData'; Path = { $notPyc }; Says = 'not a compiled Python file' }
            @{ Case = 'unknown magic 9999'; Id = 'PyDis.UnknownMagic'; Category = 'InvalidData'; Path = { $magic9999 }; Says = 'magic number 9999 is not one .*2\.7: \d+-\d+; 3\.0-3\.\d+: 3000-\d+' }
            @{ Case = 'Python 2.6 file'; Id = 'PyDis.UnsupportedVersion'; Category = 'NotImplemented'; Path = { $py26 }; Says = 'compiled by Python 2\.6 \(magic number 62161\)' }
            @{ Case = 'directory'; Id = 'PyDis.ReadError'; Category = 'ReadError'; Path = { $TestDrive }; Says = 'is a directory|this is a directory' }
            @{ Case = 'Environment path'; Id = 'PyDis.NotFileSystemPath'; Category = 'InvalidArgument'; Path = { 'Env:/PATH' }; Says = 'on the Environment provider' }
        )
    }

    It '<_> reports each bad file as a PyDis error naming it' -ForEach @(
        'Get-PyInstruction', 'Show-PyCode', 'Get-PyCodeObject', 'Get-PyConstant', 'Get-PyLineStart',
        'Get-PyExceptionTable', 'Get-PyBasicBlock', 'Measure-PyStackEffect', 'Get-PyPycInfo', 'Edit-PyCodeObject'
    ) {
        $cmdlet = $_
        $class = "PyDis.Commands.$($cmdlet -replace '-', '')Command"
        $cases = $fileCases
        if ($cmdlet -ne 'Get-PyPycInfo') {
            # Get-PyPycInfo gives the header of a truncated file (with a warning); the others cannot read it.
            $cases += @{ Case = 'truncated file'; Id = 'PyDis.MalformedPyc'; Category = 'InvalidData'; Path = { $truncated }; Says = 'at byte \d+ \(.+\): ' }
        }
        foreach ($c in $cases) {
            $path = & $c.Path
            & $cmdlet -LiteralPath $path -ErrorVariable ev -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Out-Null
            $because = "$cmdlet on a $($c.Case)"
            $ev.Count | Should -Be 1 -Because $because
            $ev[0].FullyQualifiedErrorId | Should -BeExactly "$($c.Id),$class" -Because $because
            $ev[0].CategoryInfo.Category | Should -Be $c.Category -Because $because
            $ev[0].TargetObject | Should -Be $path -Because $because
            $ev[0].Exception.Message | Should -BeLike "$path*" -Because "$because names the input first"
            $ev[0].Exception.Message | Should -Match $c.Says -Because "$because says what is wrong"
            $ev[0].Exception.Message | Should -Not -Match ' a [AEIOU]\w+ path' -Because $because
        }
    }

    It '<Case> gives <Id>' -ForEach @(
        @{ Case = 'ConvertFrom-PyBytecode: text with a non-hex character'; Id = 'PyDis.InvalidBytecode,PyDis.Commands.ConvertFromPyBytecodeCommand'; Category = 'InvalidArgument'
           Run = { ConvertFrom-PyBytecode -Hex 'xyz' -PythonVersion 3.12 }; Target = 'xyz'; Says = "^hex text 'xyz': not hexadecimal bytecode: 'x' is not a hex digit" }
        @{ Case = 'ConvertFrom-PyBytecode: an odd number of hex digits'; Id = 'PyDis.InvalidBytecode,PyDis.Commands.ConvertFromPyBytecodeCommand'; Category = 'InvalidArgument'
           Run = { ConvertFrom-PyBytecode -Hex '640' -PythonVersion 3.12 }; Target = '640'; Says = "^hex text '640': .*odd number of hex digits \(3\)" }
        # Shown as far as it goes, like the file cmdlets; 3.5's dis raises IndexError there, hence the error.
        @{ Case = 'ConvertFrom-PyBytecode: an instruction cut short'; Id = 'PyDis.DisFails,PyDis.Commands.ConvertFromPyBytecodeCommand'; Category = 'InvalidData'
           Run = { ConvertFrom-PyBytecode -Hex '6400' -PythonVersion 3.5 }; Target = '6400'; Says = "^Python 3\.5 bytecode '6400': co_code at byte 0: LOAD_CONST at offset 0 lacks its oparg" }
        @{ Case = 'ConvertFrom-PyBytecode: bytes cut short'; Id = 'PyDis.DisFails,PyDis.Commands.ConvertFromPyBytecodeCommand'; Category = 'InvalidData'
           Run = { ConvertFrom-PyBytecode -Bytes ([byte[]](0x64)) -PythonVersion 3.5 }; Target = $null; Says = '^Python 3\.5 bytecode \(1 bytes\): co_code at byte 0: ' }
        @{ Case = 'Get-PyOpcode: a name the version lacks'; Id = 'PyDis.UnknownOpName,PyDis.Commands.GetPyOpcodeCommand'; Category = 'ObjectNotFound'
           Run = { Get-PyOpcode 3.12 -Name IMPORT_NAMES }; Target = 'IMPORT_NAMES'; Says = '^IMPORT_NAMES: Python 3\.12 has no opcode of this name \(did you mean IMPORT_NAME\?\)' }
        @{ Case = 'Measure-PyStackEffect: a name the version lacks'; Id = 'PyDis.UnknownOpName,PyDis.Commands.MeasurePyStackEffectCommand'; Category = 'ObjectNotFound'
           Run = { Measure-PyStackEffect -OpName PRINT_ITEM -PythonVersion 3.12 }; Target = 'PRINT_ITEM'; Says = '^PRINT_ITEM: Python 3\.12 has no opcode of this name' }
        @{ Case = 'ConvertTo-PyBytecode: records of two versions'; Id = 'PyDis.InvalidPythonVersion,PyDis.Commands.ConvertToPyBytecodeCommand'; Category = 'InvalidArgument'
           Run = { @(Get-PyInstruction -LiteralPath (Get-FixturePyc 3.8 classes) -Depth 0) + @(Get-PyInstruction -LiteralPath $good -Depth 0) | ConvertTo-PyBytecode }
           Target = '3.12'; Says = '^the piped instructions: the instructions come from Python 3\.8 and 3\.12' }
        @{ Case = 'ConvertTo-PyBytecode: an opcode the version lacks'; Id = 'PyDis.CannotWrite,PyDis.Commands.ConvertToPyBytecodeCommand'; Category = 'InvalidArgument'
           Run = { @{ OpName = 'PRINT_ITEM' } | ConvertTo-PyBytecode -PythonVersion 3.12 }; Target = $null; Says = '^Python 3\.12 bytecode of 1 instruction\(s\): .*no opcode named PRINT_ITEM' }
        @{ Case = 'Edit-PyCodeObject: a code path the file lacks'; Id = 'PyDis.CannotWrite,PyDis.Commands.EditPyCodeObjectCommand'; Category = 'InvalidArgument'
           Run = { Edit-PyCodeObject -LiteralPath $good -CodePath '<module>.nope' -Name x }; Target = $good; Says = '^.*good\.pyc \(<module>\): ' }
        @{ Case = 'Export-PyPyc: an existing file without -Force'; Id = 'PyDis.WriteError,PyDis.Commands.ExportPyPycCommand'; Category = 'WriteError'
           Run = { Get-PyCodeObject -LiteralPath $good | Select-Object -First 1 | Export-PyPyc -Path $good }; Target = $good; Says = 'already exists' }
    ) {
        # Collect the non-terminating errors whatever the caller's preference (build.ps1 runs Pester under Stop).
        $ErrorActionPreference = 'Continue'
        $ev = @(& $Run 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $ev.Count | Should -Be 1
        $ev[0].FullyQualifiedErrorId | Should -BeExactly $Id
        $ev[0].CategoryInfo.Category | Should -Be $Category
        if ($null -ne $Target) { "$($ev[0].TargetObject)" | Should -Be $Target }
        $ev[0].Exception.Message | Should -Match $Says
    }

    It 'a bad -PythonVersion is PyDis.InvalidPythonVersion, terminating, naming the value, on every cmdlet that takes one' -ForEach @(
        @{ Run = { ConvertFrom-PyBytecode -Hex '0900' -PythonVersion 2.6 }; Class = 'ConvertFromPyBytecodeCommand' }
        @{ Run = { Get-PyOpcode -PythonVersion 2.6 }; Class = 'GetPyOpcodeCommand' }
        @{ Run = { Measure-PyStackEffect -OpName NOP -PythonVersion 2.6 }; Class = 'MeasurePyStackEffectCommand' }
        @{ Run = { @{ OpName = 'NOP' } | ConvertTo-PyBytecode -PythonVersion 2.6 }; Class = 'ConvertToPyBytecodeCommand' }
    ) {
        $err = $null
        try { & $Run -ErrorAction SilentlyContinue } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeExactly "PyDis.InvalidPythonVersion,PyDis.Commands.$Class"
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.TargetObject | Should -Be '2.6'
        $err.Exception.Message | Should -Match "^'2\.6': not a Python version PyDis reads; use X\.Y, one of 2\.7, 3\.0"
    }

    It 'a piped code object''s error names its file and code path' {
        $code = Get-PyCodeObject -LiteralPath (Get-FixturePyc 3.1 core_functions) | Select-Object -First 1
        $code | Show-PyCode -Info -ErrorVariable ev -ErrorAction SilentlyContinue | Out-Null
        $ev[0].FullyQualifiedErrorId | Should -BeExactly 'PyDis.UnsupportedVersion,PyDis.Commands.ShowPyCodeCommand'
        $ev[0].Exception.Message | Should -BeLike "$($code.Path) (<module>): Python 3.1's dis has no code_info*"
    }
}

# Issue 14, point 8: an empty result says why.
Describe 'Empty results that say why' {
    It 'Get-PyInstruction -OpName with a name no release has is a terminating error suggesting the name meant' {
        { Get-PyInstruction -LiteralPath $good -OpName IMPORT_NAMES -ErrorAction SilentlyContinue } |
            Should -Throw -ErrorId 'PyDis.UnknownOpName,PyDis.Commands.GetPyInstructionCommand' -ExpectedMessage '*did you mean IMPORT_NAME?*'
    }

    It 'Get-PyInstruction -OpName with a name the file''s version lacks warns once per version, naming it' {
        $out = Get-PyInstruction -LiteralPath $good, $good, (Get-FixturePyc 3.8 classes) -OpName PRINT_ITEM -WarningVariable w 3>$null
        $out | Should -BeNullOrEmpty
        @($w).Count | Should -Be 2
        $w[0] | Should -Match '^-OpName PRINT_ITEM: Python 3\.12 has no opcode of this name, so no 3\.12 code matches it.*2\.7'
        $w[1] | Should -Match 'Python 3\.8 has no opcode of this name'
    }

    It 'Get-PyInstruction -OpName with a specialised name says a .pyc holds its base' {
        Get-PyInstruction -LiteralPath $good -OpName LOAD_ATTR_SLOT -WarningVariable w 3>$null | Should -BeNullOrEmpty
        $w | Should -Match 'specialised form of LOAD_ATTR'
    }

    It 'Get-PyInstruction -OpName CACHE says when CACHE rows are not yielded' {
        Get-PyInstruction -LiteralPath $good -OpName CACHE -WarningVariable w 3>$null | Should -BeNullOrEmpty
        $w | Should -BeLike '*Python 3.12 yields CACHE entries only with -ShowCaches*'
        Get-PyInstruction -LiteralPath $good -OpName CACHE -ShowCaches -WarningVariable w2 3>$null | Should -Not -BeNullOrEmpty
        $w2 | Should -BeNullOrEmpty
        Get-PyInstruction -LiteralPath (Get-FixturePyc 3.13 classes) -OpName CACHE -ShowCaches -WarningVariable w3 3>$null | Should -BeNullOrEmpty
        $w3 | Should -BeLike '*Python 3.13 CACHE entries are not instructions*'
    }

    It 'Get-PyInstruction -OpName with a name the version has stays silent' {
        Get-PyInstruction -LiteralPath $good -OpName IMPORT_NAME, 'NOPE*' -WarningVariable w 3>$null | Should -Not -BeNullOrEmpty
        $w | Should -BeNullOrEmpty
    }

    It 'Get-PyOpcode with a wildcard that matches nothing stays silent' {
        Get-PyOpcode 3.12 -Name 'IMPORT_NAMES*' -ErrorVariable ev | Should -BeNullOrEmpty
        $ev | Should -BeNullOrEmpty
    }

    It 'Get-PyOpcode 3.5 lists its table' {
        @(Get-PyOpcode 3.5).Count | Should -BeGreaterThan 100
    }

    It 'Get-PyExceptionTable on a version without exception tables warns once per version, naming the file' {
        $py38 = Get-FixturePyc 3.8 classes
        Get-PyExceptionTable -LiteralPath $py38, (Get-FixturePyc 3.8 core_control), (Get-FixturePyc 2.7 classes) -WarningVariable w 3>$null |
            Should -BeNullOrEmpty
        @($w).Count | Should -Be 2
        $w[0] | Should -BeLike "$py38*: Python 3.8 code has no exception table*came in Python 3.11*"
        $w[1] | Should -Match 'Python 2\.7 code has no exception table'
        Get-PyExceptionTable -LiteralPath $good -WarningVariable w2 3>$null | Out-Null
        $w2 | Should -BeNullOrEmpty
    }
}

# Install (or upgrade) cnsnet from this folder, with no network: Windows.
#
#   powershell -ExecutionPolicy Bypass -File install.ps1 [-Prefix PATH] [-Python PATH]
#   (or double-click install.cmd)
#
# PATH default: %LOCALAPPDATA%\cnsnet. Creates a venv in PREFIX\venv (reused when it is
# already there: running this again upgrades in place), installs the wheels in .\wheels
# checked against the hashes in .\requirements.txt, and prints the path of the cnsnet
# command. pip is told never to use an index and to ignore every pip setting of this machine.
param(
    [string]$Prefix = (Join-Path $env:LOCALAPPDATA "cnsnet"),
    [string]$Python = $env:CNSNET_PYTHON
)
$ErrorActionPreference = "Stop"
$Here = Split-Path -Parent $MyInvocation.MyCommand.Path
function Say($m) { Write-Host "install: $m" }
function Die($m) { Write-Host "install: $m" -ForegroundColor Red; exit 1 }

# The probe prints "<platform-key> <major.minor>", the same keys as PLATFORMS.txt.
# One line, no double quotes: Windows PowerShell 5.1 mangles quotes in native arguments.
$Probe = "import platform, sys; v = sys.version_info; print('windows-%s %d.%d' % (platform.machine().lower(), v[0], v[1]) if v >= (3, 11) else 'old')"
$Wanted = Get-Content (Join-Path $Here "PLATFORMS.txt") | Where-Object { $_ -notmatch "^#" }

function Test-Python([string[]]$Cmd) {
    try {
        $exe = $Cmd[0]; $rest = @(); if ($Cmd.Count -gt 1) { $rest = $Cmd[1..($Cmd.Count - 1)] }
        $key = & $exe @rest -c $Probe 2>$null
        if ($LASTEXITCODE -eq 0 -and $Wanted -contains $key) { return $key }
    } catch { }
    return $null
}

$Chosen = $null
if ($Python) {
    if (-not (Test-Python @($Python))) { Die "$Python is not Python 3.11+ for a platform this bundle holds (see PLATFORMS.txt)" }
    $Chosen = @($Python)
} else {
    $candidates = @(@("py", "-3.13"), @("py", "-3.12"), @("py", "-3.11"), @("py", "-3.14"), @("python"), @("python3"))
    foreach ($c in $candidates) {
        if (Get-Command $c[0] -ErrorAction SilentlyContinue) {
            if (Test-Python $c) { $Chosen = $c; break }
        }
    }
}
if (-not $Chosen) { Die "no Python 3.11+ found for which this bundle holds wheels (see PLATFORMS.txt); install Python from python.org or set -Python" }
$Key = Test-Python $Chosen
Say "using $($Chosen -join ' ') ($Key)"

# Nothing from this machine's pip setup: no index, no config file, no PIP_* variables.
Get-ChildItem env: | Where-Object { $_.Name -like "PIP_*" } | ForEach-Object { Remove-Item "env:$($_.Name)" }
$env:PIP_CONFIG_FILE = "nul"; $env:PIP_NO_INDEX = "1"; $env:PIP_DISABLE_PIP_VERSION_CHECK = "1"; $env:PIP_NO_INPUT = "1"

$Venv = Join-Path $Prefix "venv"
$VenvPy = Join-Path $Venv "Scripts\python.exe"
$reuse = $false
if (Test-Path $VenvPy) {
    try { $reuse = ((& $VenvPy -c $Probe 2>$null) -eq $Key) } catch { $reuse = $false }
}
if ($reuse) {
    Say "upgrading in place: $Venv"
} else {
    if (Test-Path $Venv) { Say "replacing the venv at $Venv (its Python changed)"; Remove-Item -Recurse -Force $Venv }
    New-Item -ItemType Directory -Force -Path $Prefix | Out-Null
    $exe = $Chosen[0]; $rest = @(); if ($Chosen.Count -gt 1) { $rest = $Chosen[1..($Chosen.Count - 1)] }
    & $exe @rest -m venv $Venv
    if ($LASTEXITCODE -ne 0) { Die "cannot create a venv in $Venv" }
}

& $VenvPy -m pip install --quiet --no-index --find-links (Join-Path $Here "wheels") `
    --require-hashes --no-cache-dir -r (Join-Path $Here "requirements.txt")
if ($LASTEXITCODE -ne 0) { Die "pip could not install from $Here\wheels; nothing outside $Venv was changed" }

$Cmd = Join-Path $Venv "Scripts\cnsnet.exe"
$ver = & $Cmd --version
if ($LASTEXITCODE -ne 0) { Die "installed, but $Cmd does not run" }
Say "$ver installed"
Say "the cnsnet command: $Cmd"
Write-Output $Cmd
